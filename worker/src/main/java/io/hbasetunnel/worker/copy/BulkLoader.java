package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.progress.CopyProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.tool.BulkLoadHFiles;
import org.apache.hadoop.hbase.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk loads a table's staged units into the destination, keeping the source's store-file order.
 *
 * <p>HBase resolves cells with identical coordinates (same-timestamp overwrites) by sequence id:
 * the newer store file wins. One bulk-load request gives every file it loads into a region the
 * same new sequence id, so loading a region's files together would make the winner arbitrary.
 * The files of each unit and family are therefore loaded in rounds, oldest first: round r holds
 * the r-th oldest file of every unit, and each round gets a higher sequence id than the last.
 * Files of one round come from different source regions, so they never hold the same cell;
 * a round is split into several requests when a destination region would receive more files of
 * one family than HBase accepts in one request.
 *
 * <p>Resume: a loaded file has left the staging directory (moved into the table, or deleted
 * right after its request when the filesystems differ), so a rerun loads exactly the files still
 * staged, in the same order, after the ones already loaded. Units are marked loaded at the end.
 */
public final class BulkLoader {
  private static final Logger LOG = LoggerFactory.getLogger(BulkLoader.class);
  static final String MAX_FILES_PER_REGION_PER_FAMILY = "hbase.mapreduce.bulkload.max.hfiles.perRegion.perFamily";

  private final Configuration destinationConf;

  public BulkLoader(Configuration destinationConf) {
    this.destinationConf = destinationConf;
  }

  public void load(StagingLayout layout, List<WorkUnit> units, TableName targetTable, CopyProgress progress)
      throws IOException {
    FileSystem fs = layout.root().getFileSystem(destinationConf);
    UnitCheckpoints copied = new UnitCheckpoints(fs, layout.tableDir(), "copied");
    UnitCheckpoints loaded = new UnitCheckpoints(fs, layout.tableDir(), "loaded");
    requireAllCopied(layout, units, copied);
    progress.unitsTotal(units.size());
    List<WorkUnit> pending = new ArrayList<>();
    List<Map<String, List<StagedStoreFile>>> rounds = new ArrayList<>();
    for (WorkUnit unit : units) {
      if (loaded.isDone(unit)) {
        progress.unitSkipped();
        continue;
      }
      pending.add(unit);
      addToRounds(fs, layout.unitDir(unit), rounds);
    }
    long bytes = 0;
    if (!rounds.isEmpty()) {
      Configuration conf = loadConf();
      try (Connection connection = ConnectionFactory.createConnection(conf);
          RegionLocator locator = connection.getRegionLocator(targetTable)) {
        BulkLoadRequests requests = new BulkLoadRequests(locator.getStartKeys(),
            conf.getInt(MAX_FILES_PER_REGION_PER_FAMILY, 32));
        BulkLoadHFiles loader = BulkLoadHFiles.create(conf);
        for (int round = 0; round < rounds.size(); round++) {
          for (Map<String, List<StagedStoreFile>> request : requests.split(rounds.get(round))) {
            bytes += loadOne(fs, loader, targetTable, request);
          }
        }
      }
      LOG.info("loaded {} units ({} bytes, {} rounds) into {}", pending.size(), bytes, rounds.size(), targetTable);
    }
    for (WorkUnit unit : pending) {
      loaded.markDone(unit, "{}");
      progress.unitDone();
    }
    progress.add(0, 0, bytes);
  }

  private static void requireAllCopied(StagingLayout layout, List<WorkUnit> units, UnitCheckpoints copied)
      throws IOException {
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
  }

  private Configuration loadConf() {
    Configuration conf = new Configuration(destinationConf);
    // the files were written or byte-copied by us from HFiles: no need to read them twice
    conf.setBoolean("hbase.loadincremental.validate.hfile", false);
    // the rounds rely on each request getting a new, higher sequence id
    conf.setBoolean("hbase.mapreduce.bulkload.assign.sequenceNumbers", true);
    return conf;
  }

  /** Loads one request; then no file of it stays staged, so a rerun cannot load it again later. */
  private static long loadOne(FileSystem fs, BulkLoadHFiles loader, TableName table,
      Map<String, List<StagedStoreFile>> request) throws IOException {
    Map<byte[], List<Path>> files = new TreeMap<>(Bytes.BYTES_COMPARATOR);
    long bytes = 0;
    for (Map.Entry<String, List<StagedStoreFile>> family : request.entrySet()) {
      for (StagedStoreFile file : family.getValue()) {
        files.computeIfAbsent(Bytes.toBytes(family.getKey()), k -> new ArrayList<>()).add(file.path());
        bytes += file.size();
      }
    }
    loader.bulkLoad(table, files);
    for (List<StagedStoreFile> family : request.values()) {
      for (StagedStoreFile file : family) {
        fs.delete(file.path(), false);
        // halves of a file split to the destination's regions are written beside it
        fs.delete(new Path(file.path().getParent(), ".tmp"), true);
      }
    }
    return bytes;
  }

  /** Adds the unit's staged files to the rounds: per family, its oldest file to round 0, and so on. */
  private void addToRounds(FileSystem fs, Path unitDir, List<Map<String, List<StagedStoreFile>>> rounds)
      throws IOException {
    if (!fs.exists(unitDir)) {
      return;
    }
    for (FileStatus family : fs.listStatus(unitDir)) {
      String name = family.getPath().getName();
      if (!family.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      List<StagedStoreFile> files = new ArrayList<>();
      for (FileStatus file : fs.listStatus(family.getPath())) {
        if (file.isFile() && !file.getPath().getName().startsWith(".")) {
          files.add(StagedStoreFile.read(fs, file, destinationConf));
        }
      }
      files.sort(StagedStoreFile.SOURCE_ORDER);
      for (int i = 0; i < files.size(); i++) {
        if (rounds.size() <= i) {
          rounds.add(new TreeMap<>());
        }
        rounds.get(i).computeIfAbsent(name, k -> new ArrayList<>()).add(files.get(i));
      }
    }
  }
}
