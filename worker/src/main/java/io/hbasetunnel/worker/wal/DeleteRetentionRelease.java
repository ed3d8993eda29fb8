package io.hbasetunnel.worker.wal;

import io.hbasetunnel.worker.schema.DeleteRetention;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wal-sync --retain-deletes-until MS}: once every source stream has been applied up to MS
 * (or read to its end), the destination tables get the source's
 * {@code hbase.hstore.time.to.purge.deletes} back ({@link DeleteRetention#restore}), and the
 * checkpoint row records it so that it happens once. Until then the markers copied with the
 * snapshot outlive every destination compaction, so a put written before MS at or below an
 * earlier delete is masked on the destination as on the source when the replay applies it.
 */
final class DeleteRetentionRelease {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteRetentionRelease.class);
  private static final long CHECK_EVERY_MS = 1000;

  private final Admin source;
  private final Admin destination;
  private final WalCheckpointStore checkpoints;
  private final TableMapping tables;
  private final long until;
  private boolean done;
  private long nextCheck;

  DeleteRetentionRelease(Admin source, Admin destination, WalCheckpointStore checkpoints, TableMapping tables,
      long until) throws IOException {
    this.source = source;
    this.destination = destination;
    this.checkpoints = checkpoints;
    this.tables = tables;
    this.until = until;
    this.done = checkpoints.deletesRestoredAt() != null;
  }

  boolean done() {
    return done;
  }

  /** Called after polls; looks at most once a second. */
  void maybeRestore(WalLocator locator) throws IOException {
    long now = System.currentTimeMillis();
    if (done || now < nextCheck) {
      return;
    }
    nextCheck = now + CHECK_EVERY_MS;
    WalCheckpointStore.SyncRow row = checkpoints.read();
    if (!passed(locator.streams(), row)) {
      return;
    }
    if (checkpoints.deletesRestoredAt() != null) {
      // another worker of the sync did it
      done = true;
      return;
    }
    // restore first, then record: a crash in between restores again (the same result), never not at all
    for (Map.Entry<TableName, TableName> table : tables.targets().entrySet()) {
      List<String> families = DeleteRetention.restore(source, table.getKey(), destination, table.getValue());
      if (!families.isEmpty()) {
        LOG.info("sync passed {}: {} families {} drop delete markers as on the source again", until, table.getValue(),
            families);
      }
    }
    checkpoints.saveDeletesRestored(now);
    done = true;
  }

  /** Every stream the source has applied up to {@link #until}, or read to its end. */
  private boolean passed(Map<String, List<WalFile>> streams, WalCheckpointStore.SyncRow row) {
    if (streams.isEmpty()) {
      return false;
    }
    for (String stream : streams.keySet()) {
      if (!row.drained().contains(stream) && row.syncedTo().getOrDefault(stream, Long.MIN_VALUE) < until) {
        return false;
      }
    }
    return true;
  }
}
