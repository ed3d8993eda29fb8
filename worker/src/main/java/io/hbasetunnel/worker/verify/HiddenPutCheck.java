package io.hbasetunnel.worker.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.KeepDeletedCells;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Recognises, in a RAW compare, a put present on one side only that readers of neither side can
 * see, so a flush or minor compaction may drop it on one side and not yet on the other. Two such
 * cases, both HBase's own rules for what a flush keeps: the put is masked by a delete marker that
 * both sides hold (a family without KEEP_DELETED_CELLS: a flush drops puts its markers cover), or
 * both sides show VERSIONS newer versions of its column with the same timestamps (a flush keeps
 * only VERSIONS). A put that either side's readers could see is never explained.
 */
class HiddenPutCheck {
  /** Explains nothing: where one side is not a live table (a snapshot). */
  static final HiddenPutCheck NONE = new HiddenPutCheck(null, null, Map.of()) {
    @Override
    boolean explains(Cell cell) {
      return false;
    }
  };

  private final Table sideWithCell;
  private final Table otherSide;
  private final Map<String, ColumnFamilyDescriptor> families;

  HiddenPutCheck(Table sideWithCell, Table otherSide, Map<String, ColumnFamilyDescriptor> families) {
    this.sideWithCell = sideWithCell;
    this.otherSide = otherSide;
    this.families = families;
  }

  boolean explains(Cell cell) throws IOException {
    ColumnFamilyDescriptor family = families.get(Bytes.toString(CellUtil.cloneFamily(cell)));
    if (family == null || cell.getType() != Cell.Type.Put) {
      return false;
    }
    boolean deletesKept = family.getKeepDeletedCells() != KeepDeletedCells.FALSE;
    return (!deletesKept && maskedByMarker(sideWithCell, cell) && maskedByMarker(otherSide, cell))
        || beyondVersionsOnBothSides(cell, family.getMaxVersions());
  }

  private static boolean maskedByMarker(Table table, Cell put) throws IOException {
    byte[] row = CellUtil.cloneRow(put);
    Scan raw = new Scan().withStartRow(row).withStopRow(row, true).addFamily(CellUtil.cloneFamily(put))
        .setRaw(true).readAllVersions();
    try (ResultScanner scanner = table.getScanner(raw)) {
      for (Result result : scanner) {
        for (Cell marker : result.rawCells()) {
          if (masks(marker, put)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** HBase's delete semantics: which marker hides which put of the same row and family. */
  static boolean masks(Cell marker, Cell put) {
    long ts = put.getTimestamp();
    return switch (marker.getType()) {
      case DeleteFamily -> marker.getTimestamp() >= ts;
      case DeleteFamilyVersion -> marker.getTimestamp() == ts;
      case DeleteColumn -> CellUtil.matchingQualifier(marker, put) && marker.getTimestamp() >= ts;
      case Delete -> CellUtil.matchingQualifier(marker, put) && marker.getTimestamp() == ts;
      default -> false;
    };
  }

  private boolean beyondVersionsOnBothSides(Cell cell, int maxVersions) throws IOException {
    List<Long> here = newestVisible(sideWithCell, cell, maxVersions);
    List<Long> there = newestVisible(otherSide, cell, maxVersions);
    return here.size() == maxVersions && here.equals(there) && here.get(maxVersions - 1) > cell.getTimestamp();
  }

  private static List<Long> newestVisible(Table table, Cell cell, int maxVersions) throws IOException {
    byte[] family = CellUtil.cloneFamily(cell);
    byte[] qualifier = CellUtil.cloneQualifier(cell);
    Get get = new Get(CellUtil.cloneRow(cell)).addColumn(family, qualifier).readVersions(maxVersions);
    List<Long> timestamps = new ArrayList<>();
    for (Cell visible : table.get(get).getColumnCells(family, qualifier)) {
      timestamps.add(visible.getTimestamp());
    }
    return timestamps;
  }
}
