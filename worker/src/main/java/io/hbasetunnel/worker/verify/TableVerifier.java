package io.hbasetunnel.worker.verify;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.hbase.CellFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellComparator;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.PrivateCellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.ClientSideRegionScanner;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.fs.Path;
import io.hbasetunnel.worker.copy.SnapshotSource;
import io.hbasetunnel.worker.copy.WorkUnit;

/**
 * Compares a source table with a destination table cell by cell: every version, timestamp,
 * cell type and (in {@link Mode#RAW}) delete marker. Both sides are scanned in key order and
 * merged like two sorted files, so memory does not grow with the table.
 */
public final class TableVerifier {
  /** What is compared. */
  public enum Mode {
    /** Raw scans: delete markers and the cells they mask are compared too. The exact check. */
    RAW,
    /**
     * What readers see (all versions, deletes applied). For tables whose two sides were
     * major-compacted at different times, where markers legitimately differ.
     */
    VISIBLE
  }

  private static final int SCAN_CACHING = 1000;
  private static final long MAX_RESULT_BYTES = 4L << 20;

  private final Connection source;
  private final Connection destination;
  private Mode mode = Mode.RAW;
  private int maxReportedDifferences = 20;

  public TableVerifier(Connection source, Connection destination) {
    this.source = source;
    this.destination = destination;
  }

  public TableVerifier mode(Mode mode) {
    this.mode = mode;
    return this;
  }

  public TableVerifier maxReportedDifferences(int max) {
    this.maxReportedDifferences = max;
    return this;
  }

  /**
   * @param families families to compare; empty means every family of the source table
   */
  public VerifyReport verify(TableName sourceTable, TableName destinationTable, Set<String> families)
      throws IOException {
    return verify(sourceTable, destinationTable, CellFilter.ALL.withFamilies(families));
  }

  /**
   * Compares only the cells {@code filter} selects on both sides (families, time range, row
   * range), e.g. to check a copy that was itself filtered. Max versions is not applied.
   */
  public VerifyReport verify(TableName sourceTable, TableName destinationTable, CellFilter filter)
      throws IOException {
    requireTable(source, sourceTable, "source");
    requireTable(destination, destinationTable, "destination");
    Set<String> compared = filter.families().isEmpty() ? familiesOf(sourceTable) : new TreeSet<>(filter.families());
    requireFamilies(sourceTable, compared);
    CellFilter effective = filter.withFamilies(compared);

    Comparison comparison = new Comparison();
    try (Table src = source.getTable(sourceTable);
        Table dst = destination.getTable(destinationTable);
        CellStream left = new CellStream(src.getScanner(scan(effective)));
        CellStream right = new CellStream(dst.getScanner(scan(effective)))) {
      Map<String, ColumnFamilyDescriptor> families = familyDescriptorsOf(sourceTable);
      Map<String, Integer> versions = new HashMap<>();
      families.forEach((name, family) -> versions.put(name, family.getMaxVersions()));
      comparison.merge(left, right, new FlushTimingCheck(src, dst, versions), new FlushTimingCheck(dst, src, versions),
          new HiddenPutCheck(src, dst, families), new HiddenPutCheck(dst, src, families));
      return comparison.result(sourceTable.getNameAsString(), destinationTable.getNameAsString(), "whole table");
    }
  }

  /**
   * Compares the destination with the snapshot the copy was taken from, read from the source's
   * filesystem as the copy reads it: writes that keep arriving on the live source never count
   * as differences. {@code sampleRegions} > 0 compares that many of the snapshot's regions, spread
   * evenly over the key space (first and last included); 0 compares every region.
   */
  public VerifyReport verifySnapshot(SnapshotSource snapshot, TableName destinationTable, CellFilter filter,
      int sampleRegions) throws IOException {
    requireTable(destination, destinationTable, "destination");
    Set<String> compared = filter.families().isEmpty() ? familiesOf(snapshot.tableDescriptor())
        : new TreeSet<>(filter.families());
    Set<String> existing = familiesOf(snapshot.tableDescriptor());
    for (String family : compared) {
      if (!existing.contains(family)) {
        throw WorkerException.badInput("column family '" + family + "' does not exist in snapshot " + snapshot.name()
            + "; its families are " + existing);
      }
    }
    CellFilter effective = filter.withFamilies(compared);
    List<WorkUnit> all = snapshot.units().stream().filter(u -> effective.overlaps(u.region())).toList();
    List<WorkUnit> chosen = RegionSample.evenly(all, sampleRegions);
    Comparison comparison = new Comparison();
    Path restored = snapshot.restoreForScanning();
    try (Table dst = destination.getTable(destinationTable)) {
      for (WorkUnit unit : chosen) {
        Scan regionScan = scan(effective)
            .withStartRow(max(unit.region().getStartKey(), effective.startRow()))
            .withStopRow(min(unit.region().getEndKey(), effective.stopRow()));
        try (CellStream left = new CellStream(new ClientSideRegionScanner(snapshot.conf(), snapshot.fileSystem(),
                restored, snapshot.tableDescriptor(), unit.region(), new Scan(regionScan), null));
            CellStream right = new CellStream(dst.getScanner(new Scan(regionScan)))) {
          comparison.merge(left, right, FlushTimingCheck.NONE, FlushTimingCheck.NONE, HiddenPutCheck.NONE,
              HiddenPutCheck.NONE);
        }
      }
    } finally {
      snapshot.fileSystem().delete(restored, true);
    }
    return comparison.result("snapshot " + snapshot.name(), destinationTable.getNameAsString(),
        chosen.size() == all.size() ? "all " + all.size() + " regions" : chosen.size() + " of " + all.size() + " regions");
  }

  private static byte[] max(byte[] regionStart, byte[] start) {
    return start == null || Bytes.compareTo(regionStart, start) >= 0 ? regionStart : start;
  }

  private static byte[] min(byte[] regionEnd, byte[] stop) {
    if (stop == null) {
      return regionEnd;
    }
    return regionEnd.length == 0 || Bytes.compareTo(stop, regionEnd) < 0 ? stop : regionEnd;
  }

  /** The cell-by-cell merge of two key-ordered streams, counted over one or several pairs. */
  private final class Comparison {
    private final CellComparator order = CellComparator.getInstance();
    private final Counts counts = new Counts();
    private final List<CellDifference> reported = new ArrayList<>();
    private long leftCells;
    private long rightCells;

    void merge(CellStream left, CellStream right, FlushTimingCheck onlyLeft, FlushTimingCheck onlyRight,
        HiddenPutCheck hiddenLeft, HiddenPutCheck hiddenRight) throws IOException {
      while (left.peek() != null || right.peek() != null) {
        Cell a = left.peek();
        Cell b = right.peek();
        // sequence ids are server-internal and not part of the data
        int cmp = a == null ? 1 : b == null ? -1 : order.compare(a, b, true);
        if (cmp < 0) {
          if (mode == Mode.VISIBLE && onlyLeft.explains(a)) {
            counts.flushTiming++;
          } else if (mode == Mode.RAW && hiddenLeft.explains(a)) {
            counts.hiddenPuts++;
          } else {
            counts.missing++;
            report(reported, CellDifference.Kind.MISSING_IN_DESTINATION, a);
          }
          left.advance();
        } else if (cmp > 0) {
          if (mode == Mode.VISIBLE && onlyRight.explains(b)) {
            counts.flushTiming++;
          } else if (mode == Mode.RAW && hiddenRight.explains(b)) {
            counts.hiddenPuts++;
          } else {
            counts.extra++;
            report(reported, CellDifference.Kind.EXTRA_IN_DESTINATION, b);
          }
          right.advance();
        } else {
          if (CellUtil.matchingValue(a, b) && sameTags(a, b)) {
            counts.matching++;
          } else {
            counts.valueDiffers++;
            report(reported, CellDifference.Kind.VALUE_DIFFERS, a);
          }
          left.advance();
          right.advance();
        }
      }
      leftCells += left.count();
      rightCells += right.count();
    }

    VerifyReport result(String sourceName, String destinationName, String scope) {
      return new VerifyReport(sourceName, destinationName, scope, leftCells, rightCells, counts.matching,
          counts.missing, counts.extra, counts.valueDiffers, counts.flushTiming, counts.hiddenPuts,
          List.copyOf(reported));
    }
  }

  /**
   * Tags (cell TTL, visibility labels, ACLs) decide who sees a cell and for how long, so they are
   * part of what must match. They reach us only through a tag-carrying codec; a connection
   * without one sees no tags on either side.
   */
  private static boolean sameTags(Cell a, Cell b) {
    return Arrays.equals(PrivateCellUtil.cloneTags(a), PrivateCellUtil.cloneTags(b));
  }

  private Scan scan(CellFilter filter) throws IOException {
    Scan scan = new Scan()
        .readAllVersions()
        .setRaw(mode == Mode.RAW)
        .setCaching(SCAN_CACHING)
        .setMaxResultSize(MAX_RESULT_BYTES)
        .setAllowPartialResults(true)
        .setCacheBlocks(false);
    if (filter.startRow() != null) {
      scan.withStartRow(filter.startRow());
    }
    if (filter.stopRow() != null) {
      scan.withStopRow(filter.stopRow());
    }
    return filter.restrict(scan);
  }

  private void report(List<CellDifference> reported, CellDifference.Kind kind, Cell cell) {
    if (reported.size() < maxReportedDifferences) {
      reported.add(CellDifference.of(kind, cell));
    }
  }

  private Map<String, ColumnFamilyDescriptor> familyDescriptorsOf(TableName table) throws IOException {
    try (var admin = source.getAdmin()) {
      Map<String, ColumnFamilyDescriptor> families = new HashMap<>();
      for (ColumnFamilyDescriptor family : admin.getDescriptor(table).getColumnFamilies()) {
        families.put(family.getNameAsString(), family);
      }
      return families;
    }
  }

  private Set<String> familiesOf(TableName table) throws IOException {
    try (var admin = source.getAdmin()) {
      return familiesOf(admin.getDescriptor(table));
    }
  }

  private static Set<String> familiesOf(TableDescriptor table) {
    Set<String> names = new TreeSet<>();
    Arrays.stream(table.getColumnFamilies()).map(ColumnFamilyDescriptor::getNameAsString).forEach(names::add);
    return names;
  }

  private void requireFamilies(TableName table, Set<String> families) throws IOException {
    Set<String> existing = familiesOf(table);
    for (String family : families) {
      if (!existing.contains(family)) {
        throw WorkerException.badInput("column family '" + family + "' does not exist in source table "
            + table + "; its families are " + existing);
      }
    }
  }

  private static void requireTable(Connection connection, TableName table, String role) throws IOException {
    try (var admin = connection.getAdmin()) {
      if (!admin.tableExists(table)) {
        throw WorkerException.badInput("table " + table + " does not exist on the " + role
            + " cluster; check the name (namespace:table) and the cluster");
      }
    }
  }

  private static final class Counts {
    long matching;
    long missing;
    long extra;
    long valueDiffers;
    long flushTiming;
    long hiddenPuts;
  }
}
