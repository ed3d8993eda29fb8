package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.io.HFileLink;
import org.apache.hadoop.hbase.io.hfile.CacheConfig;
import org.apache.hadoop.hbase.io.hfile.HFile;
import org.apache.hadoop.hbase.regionserver.HStoreFile;
import org.apache.hadoop.hbase.regionserver.StoreFileInfo;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * For a copy followed by a sync armed at T: refuses a snapshot holding a store file that a major
 * compaction wrote after T. Such a compaction drops delete markers written before T together with
 * the puts they mask, also puts written after T at or below a marker's timestamp; the snapshot
 * then holds neither, while the sync replays those puts from the WALs (it applies every edit from
 * T on), where no marker masks them any more: visible on the destination only. A major compaction
 * before T or after the snapshot is harmless (the replay starts later, or the snapshot still
 * holds the marker, which the destination keeps with --retain-deletes).
 */
final class SourceCompactionCheck {
  private SourceCompactionCheck() {}

  /** Exit 2 naming the compacted stores when the snapshot holds a major compaction's file written at or after {@code armedAt}. */
  static void require(SnapshotSource snapshot, List<WorkUnit> units, long armedAt) throws IOException {
    List<String> compacted = new ArrayList<>();
    FileSystem fs = snapshot.fileSystem();
    for (WorkUnit unit : units) {
      for (Map.Entry<String, List<String>> family : unit.storeFiles().entrySet()) {
        for (String file : family.getValue()) {
          if (StoreFileInfo.isReference(file)) {
            // half of a split parent's file: written by the parent, checked where it lives
            continue;
          }
          HFileLink link = HFileLink.isHFileLink(file)
              ? HFileLink.build(snapshot.conf(), HFileLink.getReferencedTableName(file),
                  HFileLink.getReferencedRegionName(file), family.getKey(), HFileLink.getReferencedHFileName(file))
              : HFileLink.build(snapshot.conf(), snapshot.table(), unit.id(), family.getKey(), file);
          try (HFile.Reader reader = HFile.createReader(fs, link.getAvailablePath(fs), CacheConfig.DISABLED, true,
              snapshot.conf())) {
            byte[] major = reader.getHFileInfo().get(HStoreFile.MAJOR_COMPACTION_KEY);
            long created = reader.getFileContext().getFileCreateTime();
            if (major != null && Bytes.toBoolean(major) && created >= armedAt) {
              compacted.add(unit.region().getEncodedName() + "/" + family.getKey() + " at "
                  + Instant.ofEpochMilli(created));
            }
          }
        }
      }
    }
    if (!compacted.isEmpty()) {
      throw WorkerException.badInput("source table " + snapshot.table() + " was major-compacted after the follow-on"
          + " sync was armed (at " + Instant.ofEpochMilli(armedAt) + "), before snapshot " + snapshot.name()
          + " was taken: " + String.join(", ", compacted.subList(0, Math.min(5, compacted.size())))
          + (compacted.size() > 5 ? " and " + (compacted.size() - 5) + " more" : "") + ". That compaction may have"
          + " dropped delete markers written before the arm with the puts they mask, and the sync would replay such"
          + " puts with no marker left to mask them. Arm again and copy again (delete and recreate the migration,"
          + " or release-pin, cleanup, arm, copy), and keep the source table from major-compacting until its"
          + " snapshot is taken (`compaction_switch false` on the source's region servers, or"
          + " hbase.hregion.majorcompaction=0 on the table)");
    }
  }
}
