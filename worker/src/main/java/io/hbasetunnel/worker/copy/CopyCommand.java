package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.hbase.CellFilter;
import io.hbasetunnel.worker.cli.ClusterOptions;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.StagingRoot;
import io.hbasetunnel.worker.cli.TableOptions;
import io.hbasetunnel.worker.cli.TaskOptions;
import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.progress.CopyProgress;
import io.hbasetunnel.worker.progress.ProgressReporter;
import io.hbasetunnel.worker.schema.DeleteRetention;
import io.hbasetunnel.worker.schema.SchemaCommand;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.util.Bytes;
import io.hbasetunnel.worker.security.CellSecurityCheck;
import io.hbasetunnel.worker.security.CellSecurityOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker copy}: one shard of a table's full copy from a snapshot. */
@Command(name = "copy", mixinStandardHelpOptions = true,
    description = {
        "Copy a table from a consistent snapshot (taken by the task, or --snapshot), one share of its",
        "work units (source regions). Finished units are checkpointed on the destination's filesystem;",
        "a rerun skips them. --mode BULKLOAD stages HFiles (then run `worker bulkload`, or pass --load-as-staged",
        "to load each unit as soon as it is staged); --mode PUT writes",
        "batched puts and deletes. Timestamps, versions and delete markers are kept in both modes.",
        "",
        "Example (4 pods of an Indexed Job, this is pod 2):",
        "  worker copy --source-conf /etc/hbase-src --destination-conf /etc/hbase-dst --task-id workflow-1f2e \\",
        "      --table ns:orders --mode BULKLOAD --shard 2/4 --rate-limit-mbps 100",
        "",
        "Exit codes: 0 done, 1 retryable (rerun resumes), 2 bad input."})
public final class CopyCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions clusters;

  @Mixin
  TableOptions table;

  @Mixin
  TaskOptions task;

  @Mixin
  CellSecurityOptions cellSecurity = new CellSecurityOptions();

  @Option(names = "--mode", defaultValue = "BULKLOAD", description = "BULKLOAD (default) or PUT.")
  CopyMode mode;

  @Option(names = "--shard", description = "This process's share, i/N (default: $JOB_COMPLETION_INDEX/$SHARD_COUNT, else 0/1).")
  String shard;

  @Option(names = "--snapshot", description = "Copy from this existing snapshot instead of taking one.")
  String snapshot;

  @Option(names = "--start-time", description = "Only cells with timestamp >= this (ms).")
  Long startTime;

  @Option(names = "--end-time", description = "Only cells with timestamp < this (ms).")
  Long endTime;

  @Option(names = "--start-row", description = "First row (inclusive), escaped binary, e.g. row\\x00.")
  String startRow;

  @Option(names = "--stop-row", description = "Row to stop before (exclusive), escaped binary.")
  String stopRow;

  @Option(names = "--max-versions", description = "At most this many versions per cell.")
  Integer maxVersions;

  @Option(names = "--compression", description = "Rewrite staged HFiles with this compression (BULKLOAD mode).")
  String compression;

  @Option(names = "--rate-limit-mbps", description = "Bytes copied per second by this process, in MB/s.")
  Integer rateLimitMBps;

  @Option(names = "--parallelism", defaultValue = "2", description = "Units copied at once (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--retain-deletes", description = "Make the destination's families keep delete markers through"
      + " compactions until `wal-sync --retain-deletes-until` restores the source's setting (as `schema"
      + " --retain-deletes`; for a destination table created otherwise): for a full copy followed by a sync.")
  boolean retainDeletes;

  @Option(names = "--follow-on-sync-id", paramLabel = "SYNC_ID", description = "The sync armed (wal-sync --arm-only)"
      + " before this copy: the copy is refused (exit 2) when the source table was major-compacted between the arm"
      + " and its snapshot, which the sync's replay could not make good.")
  String followOnSyncId;

  @Option(names = "--load-as-staged", description = "BULKLOAD: bulk load each unit as soon as it is staged, while"
      + " other units still copy; `worker bulkload` then only loads what a killed run left.")
  boolean loadAsStaged;

  @Option(names = "--load-threads", defaultValue = "2", description = "With --load-as-staged: units loaded at once"
      + " (default ${DEFAULT-VALUE}).")
  int loadThreads;

  @Option(names = "--writers", defaultValue = "2", description = "PUT: threads sending each unit's batches while"
      + " its next batch is decoded (default ${DEFAULT-VALUE}).")
  int writers;

  @Option(names = "--create-table", description = "Create the destination table from the source's schema (as"
      + " `worker schema` does) while the first units copy, if it does not exist. With --mode BULKLOAD it is"
      + " created as by `schema --defer-compactions`.")
  boolean createTable;

  @Override
  public Integer call() throws Exception {
    CopyProgress progress = new CopyProgress("copy", table.source().getNameAsString());
    return ProgressReporter.reporting(task.progressFile, task.statusPort, progress, () -> run(progress));
  }

  private int run(CopyProgress progress) throws Exception {
    validate();
    Configuration sourceConf = clusters.source();
    Configuration destinationConf = clusters.destination();
    if (mode == CopyMode.PUT) {
      // each copying thread has its own write buffer; let their flushes reach a server together
      destinationConf.setInt("hbase.client.max.perserver.tasks", Math.max(2, parallelism * writers * 2));
    }
    CopyRequest request = new CopyRequest(task.taskId, table.source(), table.target(), mode,
        new CellFilter(table.families(), startTime, endTime, row(startRow), row(stopRow), maxVersions),
        SchemaCommand.CompressionNames.parse(compression),
        StagingRoot.resolve(task.stagingDir, destinationConf), snapshot, shard(), rateLimitMBps, parallelism,
        loadAsStaged, createTable, loadThreads, writers);
    try (Connection source = Connections.open("source", sourceConf);
        Connection destination = Connections.open("destination", destinationConf)) {
      CellSecurityCheck.require(source, destination, cellSecurity);
      if (retainDeletes) {
        retainDeletes(destination, request);
      }
      if (followOnSyncId != null) {
        requireNoMajorCompactionSinceArm(sourceConf, source, destination, request);
      }
      new TableCopier(sourceConf, source, destinationConf, destination).copy(request, progress);
    }
    progress.finish("SUCCEEDED", progress.line());
    System.out.println(progress.line());
    System.out.println(progress.timeLine());
    return ExitCodes.OK;
  }

  private void requireNoMajorCompactionSinceArm(Configuration sourceConf, Connection source, Connection destination,
      CopyRequest request) throws java.io.IOException {
    long armedAt = io.hbasetunnel.worker.wal.ArmedSync.startTime(destination, followOnSyncId);
    if (request.snapshotName() == null) {
      try (org.apache.hadoop.hbase.client.Admin admin = source.getAdmin()) {
        SnapshotSource.ensureSnapshot(admin, request.effectiveSnapshotName(), request.sourceTable());
      }
    }
    SnapshotSource snapshot = SnapshotSource.open(sourceConf, request.effectiveSnapshotName());
    SourceCompactionCheck.require(snapshot, TableCopier.myUnits(snapshot.units(), request.shard()), armedAt);
  }

  /** Before any marker is copied; a missing table is left to the copier's message. */
  private static void retainDeletes(Connection destination, CopyRequest request) throws java.io.IOException {
    try (org.apache.hadoop.hbase.client.Admin admin = destination.getAdmin()) {
      if (admin.tableExists(request.targetTable())) {
        DeleteRetention.retain(admin, request.targetTable(), request.filter().families());
      }
    }
  }

  private void validate() {
    if (parallelism < 1) {
      throw WorkerException.badInput("--parallelism must be at least 1");
    }
    if (writers < 1) {
      throw WorkerException.badInput("--writers must be at least 1");
    }
    if (loadThreads < 1) {
      throw WorkerException.badInput("--load-threads must be at least 1");
    }
    if (loadAsStaged && mode != CopyMode.BULKLOAD) {
      throw WorkerException.badInput("--load-as-staged loads staged HFiles; it needs --mode BULKLOAD (the put path"
          + " writes straight into the table)");
    }
    if (createTable && retainDeletes) {
      // the retention must be on the families before any cell arrives; create the table first
      throw WorkerException.badInput("--create-table cannot be combined with --retain-deletes: create the table with"
          + " `worker schema --retain-deletes` first, then copy without --create-table");
    }
    if (rateLimitMBps != null && rateLimitMBps < 1) {
      throw WorkerException.badInput("--rate-limit-mbps must be at least 1 (leave it out for no limit)");
    }
    if (startTime != null && endTime != null && startTime >= endTime) {
      throw WorkerException.badInput("--start-time must be before --end-time");
    }
    if (maxVersions != null && maxVersions < 1) {
      throw WorkerException.badInput("--max-versions must be at least 1");
    }
    if (compression != null && mode == CopyMode.PUT) {
      throw WorkerException.badInput("--compression applies to staged HFiles (--mode BULKLOAD); with PUT the"
          + " destination's family settings decide");
    }
  }

  private ShardSpec shard() {
    if (shard != null) {
      return ShardSpec.parse(shard);
    }
    String index = System.getenv("JOB_COMPLETION_INDEX");
    String count = System.getenv("SHARD_COUNT");
    return index != null && count != null ? ShardSpec.parse(index + "/" + count) : ShardSpec.ALL;
  }

  private static byte[] row(String escaped) {
    return escaped == null ? null : Bytes.toBytesBinary(escaped);
  }
}
