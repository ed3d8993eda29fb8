package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.progress.CopyProgress;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.tool.BulkLoadHFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk loads a table's staged units into the destination, unit by unit: HBase splits each file
 * to the destination's regions, however they are laid out. Loaded units are marked, and a
 * loaded unit's files have moved into the table, so a rerun neither loads twice nor loses one.
 */
public final class BulkLoader {
  private static final Logger LOG = LoggerFactory.getLogger(BulkLoader.class);

  private final Configuration destinationConf;

  public BulkLoader(Configuration destinationConf) {
    this.destinationConf = destinationConf;
  }

  public void load(StagingLayout layout, List<WorkUnit> units, TableName targetTable, CopyProgress progress)
      throws IOException {
    FileSystem fs = layout.root().getFileSystem(destinationConf);
    UnitCheckpoints copied = new UnitCheckpoints(fs, layout.tableDir(), "copied");
    UnitCheckpoints loaded = new UnitCheckpoints(fs, layout.tableDir(), "loaded");
    int notCopied = 0;
    for (WorkUnit unit : units) {
      if (!copied.isDone(unit)) {
        notCopied++;
      }
    }
    if (notCopied > 0) {
      throw WorkerException.retryable(notCopied + " of " + units.size() + " units of " + layout.table()
          + " are not staged yet; run (or finish) every copy shard before the bulkload", null);
    }
    progress.unitsTotal(units.size());
    BulkLoadHFiles bulkLoad = BulkLoadHFiles.create(destinationConf);
    for (WorkUnit unit : units) {
      if (loaded.isDone(unit)) {
        progress.unitSkipped();
        continue;
      }
      Path dir = layout.unitDir(unit);
      long bytes = stagedBytes(fs, dir);
      if (bytes > 0) {
        bulkLoad.bulkLoad(targetTable, dir);
        LOG.info("loaded unit {} ({} bytes) into {}", unit.id(), bytes, targetTable);
      }
      loaded.markDone(unit, "{\"bytes\":" + bytes + "}");
      progress.add(0, 0, bytes);
      progress.unitDone();
    }
  }

  private static long stagedBytes(FileSystem fs, Path unitDir) throws IOException {
    if (!fs.exists(unitDir)) {
      return 0;
    }
    long bytes = 0;
    for (FileStatus family : fs.listStatus(unitDir)) {
      if (family.isDirectory()) {
        for (FileStatus file : fs.listStatus(family.getPath())) {
          bytes += file.getLen();
        }
      }
    }
    return bytes;
  }
}
