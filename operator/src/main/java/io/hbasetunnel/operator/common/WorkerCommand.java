package io.hbasetunnel.operator.common;

import io.hbasetunnel.api.v1alpha1.Compression;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One worker command line (docs/worker-contract.md), built flag by flag. Every Job and the
 * wal-sync Deployment get their arguments from here; an optional flag given {@code null} is left
 * out. The cluster config flags come with every command.
 */
public final class WorkerCommand {
  private final String command;
  private final List<String> args = new ArrayList<>();

  private WorkerCommand(String command) {
    this.command = command;
    args.add(command);
    args.addAll(List.of("--source-conf", WorkerSettings.CONF_ROOT + "/source",
        "--destination-conf", WorkerSettings.CONF_ROOT + "/destination"));
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
    command.args.add("--arm-only");
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
    return flag("--table", source).flag("--target-table", target);
  }

  /** {@code --families a,b}; nothing when empty (all families). */
  public WorkerCommand families(Collection<String> families) {
    return families == null || families.isEmpty() ? this : flag("--families", String.join(",", families));
  }

  public WorkerCommand compression(Compression compression) {
    return flag("--compression", compression == null ? null : compression.name());
  }

  /** Names the snapshot and the staging directory: {@link TaskIdentity#runId}. */
  public WorkerCommand taskId(String taskId) {
    return flag("--task-id", taskId);
  }

  public WorkerCommand stagingDir(String dir) {
    return flag("--staging-dir", dir);
  }

  /** Where the worker writes its progress JSON: the container's termination message file. */
  public WorkerCommand progressFile(String file) {
    return flag("--progress-file", file);
  }

  public WorkerCommand mode(boolean bulkload) {
    return flag("--mode", bulkload ? "BULKLOAD" : "PUT");
  }

  /**
   * {@code copy --load-as-staged}: a bulkload migration's copy loads each unit as soon as it is
   * staged; its bulkload Job then only loads what a killed copy left staged.
   */
  public WorkerCommand loadAsStaged(boolean load) {
    if (load) {
      args.add("--load-as-staged");
    }
    return this;
  }

  /** A snapshot the user named; absent, the worker takes (or reuses) the task's own. */
  public WorkerCommand snapshot(String snapshot) {
    return flag("--snapshot", snapshot);
  }

  public WorkerCommand startTime(Long millis) {
    return flag("--start-time", millis);
  }

  public WorkerCommand endTime(Long millis) {
    return flag("--end-time", millis);
  }

  public WorkerCommand startRow(String row) {
    return flag("--start-row", row);
  }

  public WorkerCommand stopRow(String row) {
    return flag("--stop-row", row);
  }

  public WorkerCommand maxVersions(Integer versions) {
    return flag("--max-versions", versions);
  }

  public WorkerCommand rateLimitMbps(Integer mbps) {
    return flag("--rate-limit-mbps", mbps);
  }

  /**
   * {@code schema/copy --retain-deletes}: the destination keeps delete markers until the
   * follow-on sync passes its start (so a put replayed below an earlier delete stays masked).
   */
  public WorkerCommand retainDeletes(boolean retain) {
    if (retain) {
      args.add("--retain-deletes");
    }
    return this;
  }

  /** {@code copy --follow-on-sync-id}: refuse a snapshot the source major-compacted after that sync was armed. */
  public WorkerCommand followOnSyncId(String syncId) {
    return flag("--follow-on-sync-id", syncId);
  }

  /** {@code wal-sync --retain-deletes-until MS}: gives the source's setting back once the sync passed MS. */
  public WorkerCommand retainDeletesUntil(Long millis) {
    return flag("--retain-deletes-until", millis);
  }

  /**
   * {@code schema --defer-compactions}: a bulkload migration's table is created with compactions off
   * until its bulkload Job has loaded every unit.
   */
  public WorkerCommand deferCompactions(boolean defer) {
    if (defer) {
      args.add("--defer-compactions");
    }
    return this;
  }

  /**
   * {@code wal-sync} and {@code cleanup} {@code --tables t1,ns:t2=target}: source tables (in order),
   * each with its target when renamed.
   */
  public WorkerCommand syncTables(Map<String, String> targets) {
    return flag("--tables", targets.entrySet().stream()
        .map(t -> t.getKey() + (t.getKey().equals(t.getValue()) ? "" : "=" + t.getValue()))
        .collect(Collectors.joining(",")));
  }

  /** {@code verify --sample-regions N}; nothing for every region. */
  public WorkerCommand sampleRegions(Integer regions) {
    return flag("--sample-regions", regions);
  }

  /** {@code verify --json --report-file f}: the VerifyReport as JSON, also in {@code file}. */
  public WorkerCommand jsonReport(String file) {
    args.add("--json");
    return flag("--report-file", file);
  }

  /** Names the sync's checkpoint row and its WAL pin: {@link TaskIdentity#runId}. */
  public WorkerCommand syncId(String syncId) {
    return flag("--sync-id", syncId);
  }

  public WorkerCommand workerId(String id) {
    return flag("--worker-id", id);
  }

  public WorkerCommand statusPort(int port) {
    return flag("--status-port", port);
  }

  public WorkerCommand statusFile(String file) {
    return flag("--status-file", file);
  }

  /** The arguments after the worker executable. */
  public List<String> args() {
    return List.copyOf(args);
  }

  @Override
  public String toString() {
    return String.join(" ", args);
  }

  private WorkerCommand flag(String name, Object value) {
    if (value != null) {
      args.add(name);
      args.add(String.valueOf(value));
    }
    return this;
  }
}
