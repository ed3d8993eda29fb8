package io.hbasetunnel.operator.common;

import io.hbasetunnel.api.v1alpha1.Compression;
import io.hbasetunnel.contract.command.BulkloadArgs;
import io.hbasetunnel.contract.command.CleanupArgs;
import io.hbasetunnel.contract.command.Clusters;
import io.hbasetunnel.contract.command.CopyArgs;
import io.hbasetunnel.contract.command.CopyMode;
import io.hbasetunnel.contract.command.ReleasePinArgs;
import io.hbasetunnel.contract.command.SchemaArgs;
import io.hbasetunnel.contract.command.VerifyArgs;
import io.hbasetunnel.contract.command.WalSyncArgs;
import io.hbasetunnel.contract.command.WorkerArgs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One worker command (docs/worker-contract.md), built option by option into the contract's typed
 * {@link WorkerArgs} ({@link #typed()}), which renders the arguments. Every Job and the wal-sync
 * Deployment get their arguments from here; an optional option given {@code null} is left out.
 * The cluster config flags come with every command. Setting an option the command does not take
 * fails at {@link #typed()}: the worker would refuse it.
 */
public final class WorkerCommand {
  private final String command;
  private final Set<String> set = new TreeSet<>();
  private boolean armOnly;
  private String table;
  private String targetTable;
  private List<String> families;
  private String compression;
  private String taskId;
  private String stagingDir;
  private String progressFile;
  private CopyMode mode;
  private boolean loadAsStaged;
  private String snapshot;
  private Long startTime;
  private Long endTime;
  private String startRow;
  private String stopRow;
  private Integer maxVersions;
  private Integer rateLimitMbps;
  private boolean retainDeletes;
  private String followOnSyncId;
  private Long retainDeletesUntil;
  private boolean deferCompactions;
  private Map<String, String> tables;
  private Integer sampleRegions;
  private boolean json;
  private String reportFile;
  private String syncId;
  private String workerId;
  private Integer statusPort;
  private String statusFile;

  private WorkerCommand(String command) {
    this.command = command;
  }

  public static WorkerCommand schema() {
    return new WorkerCommand("schema");
  }

  public static WorkerCommand copy() {
    return new WorkerCommand("copy");
  }

  public static WorkerCommand bulkload() {
    return new WorkerCommand("bulkload");
  }

  public static WorkerCommand cleanup() {
    return new WorkerCommand("cleanup");
  }

  public static WorkerCommand walSync() {
    return new WorkerCommand("wal-sync");
  }

  public static WorkerCommand releasePin() {
    return new WorkerCommand("release-pin");
  }

  /** {@code wal-sync --arm-only}: pin the WALs and record the start time, apply nothing. */
  public static WorkerCommand armWalSync() {
    WorkerCommand command = new WorkerCommand("wal-sync");
    command.armOnly = true;
    return command;
  }

  public static WorkerCommand verify() {
    return new WorkerCommand("verify");
  }

  /** The subcommand: schema, copy, bulkload, cleanup, wal-sync, release-pin, verify. */
  public String command() {
    return command;
  }

  /** {@code --table} and {@code --target-table}. */
  public WorkerCommand table(String source, String target) {
    table = mark("--table", source);
    targetTable = mark("--target-table", target);
    return this;
  }

  /** {@code --families a,b}; nothing when empty (all families). */
  public WorkerCommand families(Collection<String> families) {
    this.families = families == null || families.isEmpty() ? null : mark("--families", new ArrayList<>(families));
    return this;
  }

  public WorkerCommand compression(Compression compression) {
    this.compression = mark("--compression", compression == null ? null : compression.name());
    return this;
  }

  /** Names the snapshot and the staging directory: {@link TaskIdentity#runId}. */
  public WorkerCommand taskId(String taskId) {
    this.taskId = mark("--task-id", taskId);
    return this;
  }

  public WorkerCommand stagingDir(String dir) {
    this.stagingDir = mark("--staging-dir", dir);
    return this;
  }

  /** Where the worker writes its progress JSON: the container's termination message file. */
  public WorkerCommand progressFile(String file) {
    this.progressFile = mark("--progress-file", file);
    return this;
  }

  public WorkerCommand mode(boolean bulkload) {
    this.mode = mark("--mode", bulkload ? CopyMode.BULKLOAD : CopyMode.PUT);
    return this;
  }

  /**
   * {@code copy --load-as-staged}: a bulkload migration's copy loads each unit as soon as it is
   * staged; its bulkload Job then only loads what a killed copy left staged.
   */
  public WorkerCommand loadAsStaged(boolean load) {
    this.loadAsStaged = mark("--load-as-staged", load);
    return this;
  }

  /** A snapshot the user named; absent, the worker takes (or reuses) the task's own. */
  public WorkerCommand snapshot(String snapshot) {
    this.snapshot = mark("--snapshot", snapshot);
    return this;
  }

  public WorkerCommand startTime(Long millis) {
    this.startTime = mark("--start-time", millis);
    return this;
  }

  public WorkerCommand endTime(Long millis) {
    this.endTime = mark("--end-time", millis);
    return this;
  }

  public WorkerCommand startRow(String row) {
    this.startRow = mark("--start-row", row);
    return this;
  }

  public WorkerCommand stopRow(String row) {
    this.stopRow = mark("--stop-row", row);
    return this;
  }

  public WorkerCommand maxVersions(Integer versions) {
    this.maxVersions = mark("--max-versions", versions);
    return this;
  }

  public WorkerCommand rateLimitMbps(Integer mbps) {
    this.rateLimitMbps = mark("--rate-limit-mbps", mbps);
    return this;
  }

  /**
   * {@code schema/copy --retain-deletes}: the destination keeps delete markers until the
   * follow-on sync passes its start (so a put replayed below an earlier delete stays masked).
   */
  public WorkerCommand retainDeletes(boolean retain) {
    this.retainDeletes = mark("--retain-deletes", retain);
    return this;
  }

  /** {@code copy --follow-on-sync-id}: refuse a snapshot the source major-compacted after that sync was armed. */
  public WorkerCommand followOnSyncId(String syncId) {
    this.followOnSyncId = mark("--follow-on-sync-id", syncId);
    return this;
  }

  /** {@code wal-sync --retain-deletes-until MS}: gives the source's setting back once the sync passed MS. */
  public WorkerCommand retainDeletesUntil(Long millis) {
    this.retainDeletesUntil = mark("--retain-deletes-until", millis);
    return this;
  }

  /**
   * {@code schema --defer-compactions}: a bulkload migration's table is created with compactions off
   * until its bulkload Job has loaded every unit.
   */
  public WorkerCommand deferCompactions(boolean defer) {
    this.deferCompactions = mark("--defer-compactions", defer);
    return this;
  }

  /**
   * {@code wal-sync} and {@code cleanup} {@code --tables t1,ns:t2=target}: source tables (in order),
   * each with its target when renamed.
   */
  public WorkerCommand syncTables(Map<String, String> targets) {
    this.tables = mark("--tables", targets);
    return this;
  }

  /** {@code verify --sample-regions N}; nothing for every region. */
  public WorkerCommand sampleRegions(Integer regions) {
    this.sampleRegions = mark("--sample-regions", regions);
    return this;
  }

  /** {@code verify --json --report-file f}: the VerifyReport as JSON, also in {@code file}. */
  public WorkerCommand jsonReport(String file) {
    this.json = mark("--json", true);
    this.reportFile = mark("--report-file", file);
    return this;
  }

  /** Names the sync's checkpoint row and its WAL pin: {@link TaskIdentity#runId}. */
  public WorkerCommand syncId(String syncId) {
    this.syncId = mark("--sync-id", syncId);
    return this;
  }

  public WorkerCommand workerId(String id) {
    this.workerId = mark("--worker-id", id);
    return this;
  }

  public WorkerCommand statusPort(int port) {
    this.statusPort = mark("--status-port", port);
    return this;
  }

  public WorkerCommand statusFile(String file) {
    this.statusFile = mark("--status-file", file);
    return this;
  }

  /** This command as the contract's type for its subcommand. */
  public WorkerArgs typed() {
    Clusters clusters = Clusters.mountedAt(WorkerSettings.CONF_ROOT);
    return switch (command) {
      case "schema" -> only(new SchemaArgs(clusters, table, targetTable, families, compression, progressFile, retainDeletes,
          deferCompactions), "--table", "--target-table", "--families", "--compression", "--progress-file",
          "--retain-deletes", "--defer-compactions");
      case "copy" -> only(new CopyArgs(clusters, table, targetTable, families, taskId, stagingDir, retainDeletes,
          followOnSyncId, progressFile, mode, loadAsStaged, snapshot, startTime, endTime, startRow, stopRow, maxVersions,
          rateLimitMbps, compression, statusPort), "--table", "--target-table", "--families", "--task-id", "--staging-dir",
          "--retain-deletes", "--follow-on-sync-id", "--progress-file", "--mode", "--load-as-staged", "--snapshot",
          "--start-time", "--end-time", "--start-row", "--stop-row", "--max-versions", "--rate-limit-mbps", "--compression",
          "--status-port");
      case "bulkload" -> only(new BulkloadArgs(clusters, table, targetTable, families, taskId, stagingDir, progressFile,
          snapshot, statusPort), "--table", "--target-table", "--families", "--task-id", "--staging-dir", "--progress-file",
          "--snapshot", "--status-port");
      case "verify" -> only(new VerifyArgs(clusters, table, targetTable, families, snapshot, sampleRegions, json, reportFile),
          "--table", "--target-table", "--families", "--snapshot", "--sample-regions", "--json", "--report-file");
      case "cleanup" -> only(new CleanupArgs(clusters, taskId, stagingDir, tables), "--task-id", "--staging-dir", "--tables");
      case "wal-sync" -> only(new WalSyncArgs(clusters, armOnly, syncId, tables, families, workerId, statusPort, statusFile,
          startTime, retainDeletesUntil), "--sync-id", "--tables", "--families", "--worker-id", "--status-port",
          "--status-file", "--start-time", "--retain-deletes-until");
      case "release-pin" -> only(new ReleasePinArgs(clusters, syncId), "--sync-id");
      default -> throw new IllegalStateException("unknown worker command " + command);
    };
  }

  /** The arguments after the worker executable. */
  public List<String> args() {
    return typed().toArgs();
  }

  @Override
  public String toString() {
    return String.join(" ", args());
  }

  private WorkerArgs only(WorkerArgs typed, String... options) {
    Set<String> extra = new TreeSet<>(set);
    extra.removeAll(List.of(options));
    if (!extra.isEmpty()) {
      throw new IllegalStateException("worker " + command + " takes no " + extra);
    }
    return typed;
  }

  /** Remembers that {@code option} was given a value (null and false leave it out). */
  private <T> T mark(String option, T value) {
    if (value != null && !Boolean.FALSE.equals(value)) {
      set.add(option);
    } else {
      set.remove(option);
    }
    return value;
  }
}
