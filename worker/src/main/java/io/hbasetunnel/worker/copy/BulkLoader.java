package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.progress.CopyProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.tool.BulkLoadHFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk loads a table's staged units into the destination in one request, so HBase loads the
 * regions in parallel and splits each file to the destination's regions, however they are laid
 * out. A loaded file has moved into the table, so a rerun after a crash loads only the files still
 * staged; units are marked loaded once the request has returned.
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
    Map<byte[], List<Path>> files = new TreeMap<>(Bytes.BYTES_COMPARATOR);
    List<WorkUnit> pending = new ArrayList<>();
    long bytes = 0;
    for (WorkUnit unit : units) {
      if (loaded.isDone(unit)) {
        progress.unitSkipped();
        continue;
      }
      pending.add(unit);
      bytes += collectStagedFiles(fs, layout.unitDir(unit), files);
    }
    if (!files.isEmpty()) {
      Configuration conf = new Configuration(destinationConf);
      // the files were written or byte-copied by us from HFiles: no need to read them twice
      conf.setBoolean("hbase.loadincremental.validate.hfile", false);
      BulkLoadHFiles.create(conf).bulkLoad(targetTable, files);
      LOG.info("loaded {} units ({} bytes) into {}", pending.size(), bytes, targetTable);
    }
    for (WorkUnit unit : pending) {
      loaded.markDone(unit, "{}");
      progress.unitDone();
    }
    progress.add(0, 0, bytes);
  }

  /** Adds the unit's staged HFiles per family; returns their size. */
  private static long collectStagedFiles(FileSystem fs, Path unitDir, Map<byte[], List<Path>> files) throws IOException {
    if (!fs.exists(unitDir)) {
      return 0;
    }
    long bytes = 0;
    for (FileStatus family : fs.listStatus(unitDir)) {
      if (!family.isDirectory() || family.getPath().getName().startsWith("_")) {
        continue;
      }
      byte[] name = Bytes.toBytes(family.getPath().getName());
      for (FileStatus file : fs.listStatus(family.getPath())) {
        if (file.isFile()) {
          files.computeIfAbsent(name, k -> new ArrayList<>()).add(file.getPath());
          bytes += file.getLen();
        }
      }
    }
    return bytes;
  }
}
