package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.apache.hadoop.hbase.wal.WAL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a sync: for each region-server stream this worker holds the lease of, read what is
 * new, apply it to the destination, then checkpoint. Streams come and go with the servers, and
 * move between workers as workers come and go; a stream taken over resumes at its checkpoint.
 */
final class WalSync {
  private static final Logger LOG = LoggerFactory.getLogger(WalSync.class);
  private static final int MAX_ENTRIES_PER_STREAM = 5000;

  private final WalLocator locator;
  private final WalStreamReader reader;
  private final MutationApplier applier;
  private final WalCheckpointStore checkpoints;
  private final StreamLeases leases;
  private final SyncCounters counters;
  private final TableMapping tables;
  private final long startTime;
  private final Map<String, WalPosition> positions = new HashMap<>();
  /** per held stream: every edit written before this time has been applied */
  private final Map<String, Long> syncedTo = new HashMap<>();

  WalSync(Configuration sourceConf, Connection destination, WalCheckpointStore checkpoints, StreamLeases leases,
      SyncCounters counters, TableMapping tables, long startTime) throws IOException {
    Path rootDir = CommonFSUtils.getRootDir(sourceConf);
    FileSystem fs = rootDir.getFileSystem(sourceConf);
    this.locator = new WalLocator(fs, rootDir);
    this.reader = new WalStreamReader(fs, sourceConf, locator, startTime);
    this.applier = new MutationApplier(destination, counters);
    this.checkpoints = checkpoints;
    this.leases = leases;
    this.counters = counters;
    this.tables = tables;
    this.startTime = startTime;
  }

  WalLocator locator() {
    return locator;
  }

  /** @return entries read in this poll (0 when caught up) */
  int poll() throws IOException, InterruptedException {
    long began = System.currentTimeMillis();
    Map<String, List<WalFile>> streams = locator.streams();
    Set<String> taken = new HashSet<>();
    Set<String> held = leases.assign(streams.keySet(), taken);
    if (!taken.isEmpty()) {
      Map<String, WalPosition> stored = checkpoints.load();
      taken.forEach(stream -> positions.compute(stream, (s, old) -> stored.get(s)));
    }
    positions.keySet().retainAll(held);
    syncedTo.keySet().retainAll(held);
    int read = 0;
    for (String stream : held) {
      if (!leases.holds(stream)) {
        positions.remove(stream);
        syncedTo.remove(stream);
        continue;
      }
      List<WalFile> files = streams.get(stream);
      WalPosition from = positions.get(stream);
      WalStreamReader.Batch batch = reader.read(stream, files, from, MAX_ENTRIES_PER_STREAM);
      if (batch.end() != null && !batch.end().equals(from)) {
        applier.apply(batch.entries(), tables, startTime);
        boolean drained = batch.finished() && !locator.isLive(files.get(files.size() - 1));
        long synced = batch.caughtUp() ? began : newestWriteTime(batch.entries(), syncedTo.getOrDefault(stream, 0L));
        if (!checkpoints.save(stream, batch.end(), synced, drained, leases)) {
          leases.lost(stream);
          positions.remove(stream);
          syncedTo.remove(stream);
          continue;
        }
        positions.put(stream, batch.end());
      }
      syncedTo.put(stream, batch.caughtUp() ? began : newestWriteTime(batch.entries(), syncedTo.getOrDefault(stream, 0L)));
      read += batch.entries().size();
    }
    counters.synced(syncedTo.values().stream().mapToLong(Long::longValue).min().orElse(0), held.size(),
        System.currentTimeMillis());
    if (read > 0) {
      LOG.debug("applied {} WAL entries", read);
    }
    return read;
  }

  private static long newestWriteTime(List<WAL.Entry> entries, long fallback) {
    return entries.isEmpty() ? fallback : entries.get(entries.size() - 1).getKey().getWriteTime();
  }
}
