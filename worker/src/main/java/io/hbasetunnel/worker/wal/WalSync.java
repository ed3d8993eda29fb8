package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a sync: for each region server stream this shard owns, read what is new, apply it
 * to the destination, then checkpoint. Streams are assigned by hash, so when servers come and go
 * a stream moves to the shard its name hashes to, which resumes from the shared checkpoint.
 */
final class WalSync {
  private static final Logger LOG = LoggerFactory.getLogger(WalSync.class);
  private static final int MAX_ENTRIES_PER_STREAM = 5000;

  private final WalLocator locator;
  private final WalStreamReader reader;
  private final MutationApplier applier;
  private final WalCheckpointStore checkpoints;
  private final SyncCounters counters;
  private final TableMapping tables;
  private final long startTime;
  private final int shardIndex;
  private final int shardCount;
  private final Map<String, WalPosition> positions;

  WalSync(Configuration sourceConf, Connection destination, WalCheckpointStore checkpoints, SyncCounters counters,
      TableMapping tables, long startTime, int shardIndex, int shardCount) throws IOException {
    Path rootDir = CommonFSUtils.getRootDir(sourceConf);
    FileSystem fs = rootDir.getFileSystem(sourceConf);
    this.locator = new WalLocator(fs, rootDir);
    this.reader = new WalStreamReader(fs, sourceConf, locator);
    this.applier = new MutationApplier(destination, counters);
    this.checkpoints = checkpoints;
    this.counters = counters;
    this.tables = tables;
    this.startTime = startTime;
    this.shardIndex = shardIndex;
    this.shardCount = shardCount;
    this.positions = new HashMap<>(checkpoints.load());
  }

  /** @return entries read in this poll (0 when caught up) */
  int poll() throws IOException, InterruptedException {
    int read = 0;
    for (Map.Entry<String, List<WalFile>> stream : locator.streams().entrySet()) {
      if (Math.floorMod(stream.getKey().hashCode(), shardCount) != shardIndex) {
        continue;
      }
      WalPosition from = positions.get(stream.getKey());
      WalStreamReader.Batch batch = reader.read(stream.getKey(), stream.getValue(), from, MAX_ENTRIES_PER_STREAM);
      if (batch.end() == null || batch.end().equals(from)) {
        continue;
      }
      long newest = applier.apply(batch.entries(), tables, startTime);
      positions.put(stream.getKey(), batch.end());
      long offset = Math.max(counters.offset(), newest);
      checkpoints.save(Map.of(stream.getKey(), batch.end()), String.valueOf(shardIndex), offset);
      counters.checkpointed(offset, System.currentTimeMillis());
      read += batch.entries().size();
    }
    if (read > 0) {
      LOG.debug("applied {} WAL entries", read);
    }
    return read;
  }
}
