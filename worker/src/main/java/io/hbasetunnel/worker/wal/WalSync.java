package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Connection;
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
  /** failed applies in a row at the smallest batch before the worker gives up (exit 1, restarted) */
  private static final int MAX_FAILED_APPLIES = 8;
  /** an idle stream's progress is written this often, for other workers' region-move barriers */
  private static final long PERSIST_SYNCED_MS = 1000;

  private final WalLocator locator;
  private final WalStreamReader reader;
  private final MutationApplier applier;
  private final WalCheckpointStore checkpoints;
  private final StreamLeases leases;
  private final SyncCounters counters;
  private final TableMapping tables;
  private final RegionMoveBarrier barrier;
  private final long startTime;
  /** the longest an apply may take: a batch is applied only while the stream's lease lasts longer */
  private final long applyDeadlineMillis;
  private final BatchBounds bounds;
  private int failedApplies;
  /** per held stream: where it was read to, as loaded from its checkpoint or since moved on */
  private final Map<String, WalPosition> positions = new HashMap<>();
  /** per held stream: every edit written before this time has been applied */
  private final Map<String, Long> syncedTo = new HashMap<>();
  /** per held stream: the synced-to time last written to the checkpoint row (other workers' barriers read it) */
  private final Map<String, Long> persistedSyncedTo = new HashMap<>();
  /** at the last poll: streams found on the source, and those this worker held ({@link WalStreamWatch}) */
  private int streamsSeen;
  private int streamsHeld;

  WalSync(Configuration sourceConf, Connection destination, WalCheckpointStore checkpoints, StreamLeases leases,
      SyncCounters counters, TableMapping tables, long startTime, long applyDeadlineMillis) throws IOException {
    this(sourceConf, destination, checkpoints, leases, counters, tables, startTime, applyDeadlineMillis,
        BatchBounds.DEFAULT_MAX_BYTES);
  }

  /** @param maxBatchBytes the most a stream's batch holds (edits' heap size) while the destination answers fast */
  WalSync(Configuration sourceConf, Connection destination, WalCheckpointStore checkpoints, StreamLeases leases,
      SyncCounters counters, TableMapping tables, long startTime, long applyDeadlineMillis, long maxBatchBytes)
      throws IOException {
    // the WAL root may be elsewhere than the root directory, even on another filesystem (hbase.wal.dir)
    this.locator = WalLocator.of(sourceConf);
    this.reader = new WalStreamReader(locator.fileSystem(), sourceConf, locator, startTime);
    this.bounds = new BatchBounds(BatchBounds.DEFAULT_MAX_ENTRIES, maxBatchBytes, applyDeadlineMillis);
    this.applier = new MutationApplier(destination, counters, bounds);
    this.checkpoints = checkpoints;
    this.leases = leases;
    this.counters = counters;
    this.tables = tables;
    this.barrier = new RegionMoveBarrier(checkpoints, tables);
    this.startTime = startTime;
    this.applyDeadlineMillis = applyDeadlineMillis;
  }

  WalLocator locator() {
    return locator;
  }

  int streamsSeen() {
    return streamsSeen;
  }

  int streamsHeld() {
    return streamsHeld;
  }

  /** Tests: a smaller batch per stream and poll. */
  void maxEntriesPerStream(int max) {
    bounds.maxEntries(max);
  }

  /** Tests: force a race right after a file was read to its end. */
  void afterRead(WalStreamReader.RacePoint hook) {
    reader.afterRead(hook);
  }

  /** @return entries read in this poll (0 when caught up) */
  int poll() throws IOException, InterruptedException {
    long began = System.currentTimeMillis();
    Map<String, List<WalFile>> streams = locator.streams();
    Set<String> taken = new HashSet<>();
    Set<String> held = leases.assign(streams.keySet(), taken);
    streamsSeen = streams.size();
    streamsHeld = held.size();
    positions.keySet().retainAll(held);
    // a stream taken, or held without a known position (dropped when a poll outlived the lease), resumes
    // at its checkpoint: never at its oldest WAL, which would apply old edits after newer ones
    Set<String> reload = new HashSet<>(taken);
    held.stream().filter(stream -> !positions.containsKey(stream)).forEach(reload::add);
    if (!reload.isEmpty()) {
      Map<String, WalPosition> stored = checkpoints.read().positions();
      reload.forEach(stream -> positions.compute(stream, (s, old) -> stored.get(s)));
    }
    syncedTo.keySet().retainAll(held);
    persistedSyncedTo.keySet().retainAll(held);
    int read = 0;
    // in name order, so that runs are repeatable
    for (String stream : new TreeSet<>(held)) {
      if (!streams.containsKey(stream)) {
        // its files are all gone since the last lease round: handed back at the next one
        continue;
      }
      if (leases.holds(stream)) {
        read += syncStream(stream, streams.get(stream), streams.keySet(), began);
      } else {
        forget(stream);
      }
    }
    counters.backlog(backlogBytes(streams, held));
    counters.synced(syncedTo.values().stream().mapToLong(Long::longValue).min().orElse(0), held.size(),
        System.currentTimeMillis());
    if (read > 0) {
      LOG.debug("applied {} WAL entries", read);
    }
    return read;
  }

  /** Reads, applies and checkpoints what is new in one stream; returns the entries read. */
  private int syncStream(String stream, List<WalFile> files, Set<String> streams, long began)
      throws IOException, InterruptedException {
    WalPosition from = positions.get(stream);
    WalStreamReader.Batch batch = reader.read(stream, files, from, bounds.entries(), bounds.bytes());
    int admitted = barrier.admit(stream, batch.entries(), streams, syncedTo);
    long synced;
    if (admitted < batch.entries().size()) {
      // stopped at a region's reopening: everything written before it is applied
      synced = batch.entries().get(admitted).getKey().getWriteTime();
      batch = batch.upTo(admitted, from);
    } else {
      synced = batch.caughtUp() ? began : newestWriteTime(batch.entries(), syncedTo.getOrDefault(stream, 0L));
    }
    boolean moved = batch.end() != null && !batch.end().equals(from);
    if (moved || (from != null && synced - persistedSyncedTo.getOrDefault(stream, 0L) >= PERSIST_SYNCED_MS)) {
      // the checkpoint write is guarded by the lease, the apply must be too: a batch landing after
      // another worker took the stream could overwrite what that worker applied since
      if (!batch.entries().isEmpty() && !leases.holdsFor(stream, applyDeadlineMillis)) {
        leases.abandon(stream);
        forget(stream);
        return 0;
      }
      if (!applied(stream, batch.entries())) {
        return 0;
      }
      boolean drained = batch.finished() && !locator.isLive(files.get(files.size() - 1));
      if (!checkpoints.save(stream, batch.end(), synced, drained, leases)) {
        leases.lost(stream);
        forget(stream);
        return 0;
      }
      positions.put(stream, batch.end());
      persistedSyncedTo.put(stream, synced);
    }
    syncedTo.put(stream, synced);
    return batch.entries().size();
  }

  /**
   * Applies a batch; false when the destination failed or timed out: the batch is then read again,
   * smaller, at the next poll (from the same position) instead of the worker restarting at the same
   * checkpoint with the same batch. Only after several failures at the smallest batch does the
   * error end the worker.
   */
  private boolean applied(String stream, List<WAL.Entry> entries) throws IOException, InterruptedException {
    try {
      applier.apply(entries, tables, startTime);
      failedApplies = 0;
      return true;
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted() || (bounds.atMinimum() && ++failedApplies >= MAX_FAILED_APPLIES)) {
        throw e;
      }
      bounds.failed();
      counters.retriedSmaller(bounds.bytes());
      LOG.warn("applying {} entries of stream {} failed ({}); reading it again as at most {} entries / {} bytes",
          entries.size(), stream, e.toString(), bounds.entries(), bounds.bytes());
      return false;
    }
  }

  /**
   * WAL bytes the held streams have not read yet: how far the reader is behind the newest WAL data
   * (at least: a file being written lists only its completed blocks).
   */
  private long backlogBytes(Map<String, List<WalFile>> streams, Set<String> held) {
    long behind = 0;
    for (String stream : held) {
      WalPosition at = positions.get(stream);
      boolean reached = at == null;
      for (WalFile file : streams.getOrDefault(stream, List.of())) {
        if (!reached && file.name().equals(at.file())) {
          reached = true;
          behind += Math.max(0, file.length() - Math.max(0, at.position()));
        } else if (reached) {
          behind += Math.max(0, file.length());
        }
      }
    }
    return behind;
  }

  /** A stream another worker holds now: its position is reloaded if it comes back. */
  private void forget(String stream) {
    positions.remove(stream);
    syncedTo.remove(stream);
    persistedSyncedTo.remove(stream);
  }

  private static long newestWriteTime(List<WAL.Entry> entries, long fallback) {
    return entries.isEmpty() ? fallback : entries.get(entries.size() - 1).getKey().getWriteTime();
  }
}
