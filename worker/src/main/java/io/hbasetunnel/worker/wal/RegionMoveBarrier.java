package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.shaded.protobuf.generated.WALProtos.RegionEventDescriptor;
import org.apache.hadoop.hbase.wal.WAL;
import org.apache.hadoop.hbase.wal.WALEdit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a region's edits in order when it moves between region servers. docs/wal-sync.md: applying
 * the new server's stream before the old one's let an older write of the same cell and timestamp
 * win. So a stream stops at a REGION_OPEN marker of a synced table until every other stream has
 * applied all edits written before the marker; the region's edits on its previous server (closed,
 * or crashed and split, before the open) are among them. Relies on the source's servers and the
 * workers having clocks in step to well under the time a region move takes.
 */
final class RegionMoveBarrier {
  private static final Logger LOG = LoggerFactory.getLogger(RegionMoveBarrier.class);

  private final WalCheckpointStore checkpoints;
  private final TableMapping tables;

  RegionMoveBarrier(WalCheckpointStore checkpoints, TableMapping tables) {
    this.checkpoints = checkpoints;
    this.tables = tables;
  }

  /**
   * @param streams every stream listed in this poll
   * @param local this worker's own streams: every edit written before the time is applied
   * @return how many of the entries, from the first, may be applied now
   */
  int admit(String stream, List<WAL.Entry> entries, Collection<String> streams, Map<String, Long> local)
      throws IOException {
    WalCheckpointStore.SyncRow stored = null;
    for (int i = 0; i < entries.size(); i++) {
      WAL.Entry entry = entries.get(i);
      if (!isRegionOpen(entry)) {
        continue;
      }
      if (stored == null) {
        stored = checkpoints.read();
      }
      long opened = entry.getKey().getWriteTime();
      for (String other : streams) {
        if (other.equals(stream) || stored.drained().contains(other)) {
          continue;
        }
        long syncedTo = Math.max(local.getOrDefault(other, 0L), stored.syncedTo().getOrDefault(other, 0L));
        if (syncedTo < opened) {
          LOG.debug("stream {} waits at a region open of {} (written {}) for stream {} (applied up to {})", stream,
              entry.getKey().getTableName(), opened, other, syncedTo);
          return i;
        }
      }
    }
    return entries.size();
  }

  private boolean isRegionOpen(WAL.Entry entry) throws IOException {
    if (tables.targetOf(entry.getKey().getTableName()) == null) {
      return false;
    }
    for (Cell cell : entry.getEdit().getCells()) {
      RegionEventDescriptor event = WALEdit.isMetaEditFamily(cell) ? WALEdit.getRegionEventDescriptor(cell) : null;
      if (event != null && event.getEventType() == RegionEventDescriptor.EventType.REGION_OPEN) {
        return true;
      }
    }
    return false;
  }
}
