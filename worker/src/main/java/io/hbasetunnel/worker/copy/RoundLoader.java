package io.hbasetunnel.worker.copy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk loads staged store files into the destination table over one long-lived connection
 * (HBase's own tool opens a new one per request), keeping the source's store-file order.
 *
 * <p>HBase resolves cells with identical coordinates (same-timestamp overwrites) by sequence id:
 * the newer store file wins. One request gives every file it loads into a region the same new
 * sequence id, so a unit's files are loaded in rounds, oldest first, one request per round, and
 * each round gets a higher sequence id than the one before. Files whose timestamps do not
 * overlap cannot hold the same coordinates and share a round ({@link StagedStoreFile#rounds}):
 * a source whose files were flushed one after another loads each unit in one request. Units
 * hold disjoint row ranges, so different units may load in any order and at the same time.
 *
 * <p>Resume: a file leaves the staging directory when it is loaded (the region server moves it
 * into the region, or we delete it right after its request), so a rerun loads exactly what is
 * left, in the same order. A file that spans several destination regions is split by HBase into
 * pieces under {@code <family>/.tmp/} and the file itself deleted before any piece loads; each
 * piece then moves into its region. A kill between the pieces would leave the rest only in
 * {@code .tmp}, so every request first records its files in the unit's {@code _loading} marker
 * ({@link InFlightLoad}); the next load of the unit turns the pieces of a file that is gone into
 * ordinary staged files of the same place in the order (they load first), and drops pieces of
 * a file that is still there (its split never finished, nothing of it was loaded).
 *
 * <p>Safe for several threads; each thread has its own (not thread-safe) HBase loader.
 */
final class RoundLoader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoundLoader.class);
  static final String MAX_FILES_PER_REGION_PER_FAMILY = "hbase.mapreduce.bulkload.max.hfiles.perRegion.perFamily";

  private final Configuration conf;
  private final FileSystem stagingFs;
  private final TableName table;
  private final Connection connection;
  /** HBase's loader keeps per-request state, so one per thread; building one re-reads every config file. */
  private final ThreadLocal<RegionLoadTool> tools;

  RoundLoader(Configuration destinationConf, FileSystem stagingFs, TableName table) throws IOException {
    this.conf = loadConf(destinationConf);
    this.stagingFs = stagingFs;
    this.table = table;
    this.connection = ConnectionFactory.createConnection(conf);
    this.tools = ThreadLocal.withInitial(() -> new RegionLoadTool(conf));
  }

  /** HBase's limit of files per region and family in one request. */
  private int maxFilesPerRegionPerFamily() {
    return conf.getInt(MAX_FILES_PER_REGION_PER_FAMILY, 32);
  }

  private byte[][] regionStartKeys() throws IOException {
    try (RegionLocator locator = connection.getRegionLocator(table)) {
      return locator.getStartKeys();
    }
  }

  /**
   * Loads every file still staged for the units, round by round: round n of all of them in one
   * request (split only where a region would get more files than HBase takes at once), so a
   * batch of units costs one request per round, not one per unit and round. Returns the bytes
   * loaded.
   */
  long loadUnits(StagingLayout layout, List<WorkUnit> units) throws IOException {
    List<Map<String, List<StagedStoreFile>>> rounds = new ArrayList<>();
    Set<String> ordered = newVersionBehaviorFamilies();
    for (WorkUnit unit : units) {
      recover(layout.unitDir(unit));
      addToRounds(layout.unitDir(unit), ordered, rounds);
    }
    if (rounds.isEmpty()) {
      return 0;
    }
    BulkLoadRequests requests = new BulkLoadRequests(regionStartKeys(), maxFilesPerRegionPerFamily());
    long bytes = 0;
    for (int round = 0; round < rounds.size(); round++) {
      for (Map<String, List<StagedStoreFile>> request : requests.split(rounds.get(round))) {
        bytes += load(request);
      }
      LOG.info("loaded round {}/{} of {} unit(s)", round + 1, rounds.size(), units.size());
      FaultPoint.LOAD_ROUND_DONE.reached();
    }
    return bytes;
  }

  /** Loads one request; then no file of it stays staged, so a rerun cannot load it again later. */
  long load(Map<String, List<StagedStoreFile>> request) throws IOException {
    Map<byte[], List<Path>> files = new TreeMap<>(Bytes.BYTES_COMPARATOR);
    long bytes = 0;
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, List<StagedStoreFile>> family : request.entrySet()) {
      for (StagedStoreFile file : family.getValue()) {
        files.computeIfAbsent(Bytes.toBytes(family.getKey()), k -> new ArrayList<>()).add(file.path());
        bytes += file.size();
        names.add(file.path().getParent().getParent().getName() + "/" + family.getKey() + "/" + file.path().getName());
      }
    }
    List<InFlightLoad> markers = InFlightLoad.record(stagingFs, request);
    LOG.info("loading files {}", names);
    try (Admin admin = connection.getAdmin(); Table t = connection.getTable(table);
        RegionLocator locator = connection.getRegionLocator(table)) {
      tools.get().doBulkLoad(files, admin, t, locator, false, false);
    }
    LOG.info("loaded files {}", names);
    FaultPoint.LOAD_REQUEST_DONE.reached();
    for (List<StagedStoreFile> family : request.values()) {
      for (StagedStoreFile file : family) {
        stagingFs.delete(file.path(), false);
        // pieces of a file split to the destination's regions are written beside it
        stagingFs.delete(new Path(file.path().getParent(), InFlightLoad.PIECES), true);
      }
    }
    for (InFlightLoad marker : markers) {
      marker.clear();
    }
    return bytes;
  }

  /** Settles what a killed load of the unit left (see the class comment); call before reading its rounds. */
  private void recover(Path unitDir) throws IOException {
    if (stagingFs.exists(unitDir)) {
      InFlightLoad.recover(stagingFs, unitDir);
    }
  }

  /** The destination's families that order cells by sequence id beyond equal coordinates. */
  private Set<String> newVersionBehaviorFamilies() throws IOException {
    try (Table t = connection.getTable(table)) {
      return Arrays.stream(t.getDescriptor().getColumnFamilies()).filter(ColumnFamilyDescriptor::isNewVersionBehavior)
          .map(ColumnFamilyDescriptor::getNameAsString).collect(Collectors.toSet());
    }
  }

  /**
   * Adds a unit's staged files to the rounds: per family, its oldest round of files
   * ({@link StagedStoreFile#rounds}) to round 0, and so on.
   */
  private void addToRounds(Path unitDir, Set<String> ordered, List<Map<String, List<StagedStoreFile>>> rounds)
      throws IOException {
    if (!stagingFs.exists(unitDir)) {
      return;
    }
    for (FileStatus family : stagingFs.listStatus(unitDir)) {
      String name = family.getPath().getName();
      if (!family.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      List<StagedStoreFile> files = new ArrayList<>();
      for (FileStatus file : stagingFs.listStatus(family.getPath())) {
        if (file.isFile() && !file.getPath().getName().startsWith(".")) {
          files.add(StagedStoreFile.read(stagingFs, file, conf));
        }
      }
      files.sort(StagedStoreFile.SOURCE_ORDER);
      List<List<StagedStoreFile>> familyRounds = StagedStoreFile.rounds(files, ordered.contains(name));
      for (int i = 0; i < familyRounds.size(); i++) {
        if (rounds.size() <= i) {
          rounds.add(new TreeMap<>());
        }
        rounds.get(i).computeIfAbsent(name, k -> new ArrayList<>()).addAll(familyRounds.get(i));
      }
    }
  }

  private static Configuration loadConf(Configuration destinationConf) {
    Configuration conf = new Configuration(destinationConf);
    // the files were written or byte-copied by us from HFiles: no need to read them twice
    conf.setBoolean("hbase.loadincremental.validate.hfile", false);
    // the rounds rely on each request getting a new, higher sequence id
    conf.setBoolean("hbase.mapreduce.bulkload.assign.sequenceNumbers", true);
    return conf;
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
