package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.hbase.CellFilter;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.io.compress.Compression;

/**
 * Everything one copy run needs to know, as the CLI or a test gives it.
 *
 * @param snapshotName the snapshot to copy from; null takes (or reuses) the task's own
 * @param rateLimitMBps per process, null for unlimited
 * @param parallelism units copied at once by this process
 * @param loadAsStaged bulk load each unit as soon as it is staged (BULKLOAD only)
 * @param createTable create the destination table from the source's schema if it is missing
 * @param loadThreads units loaded at once when {@code loadAsStaged}
 * @param writers threads sending each unit's batches (PUT)
 */
public record CopyRequest(
    String taskId,
    TableName sourceTable,
    TableName targetTable,
    CopyMode mode,
    CellFilter filter,
    Compression.Algorithm compression,
    Path stagingRoot,
    String snapshotName,
    ShardSpec shard,
    Integer rateLimitMBps,
    int parallelism,
    boolean loadAsStaged,
    boolean createTable,
    int loadThreads,
    int writers) {

  /** A copy that stages (or puts) only, into a table that must exist. */
  public CopyRequest(String taskId, TableName sourceTable, TableName targetTable, CopyMode mode, CellFilter filter,
      Compression.Algorithm compression, Path stagingRoot, String snapshotName, ShardSpec shard, Integer rateLimitMBps,
      int parallelism) {
    this(taskId, sourceTable, targetTable, mode, filter, compression, stagingRoot, snapshotName, shard, rateLimitMBps,
        parallelism, false, false, 2, 2);
  }

  public StagingLayout layout() {
    return new StagingLayout(stagingRoot, taskId, sourceTable);
  }

  public String effectiveSnapshotName() {
    return snapshotName != null ? snapshotName : SnapshotSource.defaultName(taskId, sourceTable);
  }
}
