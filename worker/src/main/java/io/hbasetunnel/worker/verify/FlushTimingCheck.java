package io.hbasetunnel.worker.verify;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Recognises a one-sided visible cell that HBase's flush timing explains rather than a loss.
 * When a column is written with more versions than its family keeps, the extra oldest version
 * lives in the memstore until a flush drops it; a delete of a newer version then uncovers it on
 * a side that has not flushed yet, but not on one that has (native replication shows the same).
 * Such a cell is the oldest of exactly VERSIONS visible versions of its column on its side,
 * while the other side shows the same column with the same newer versions and without it.
 */
class FlushTimingCheck {
  /** Explains nothing: where one side is not a live table (a snapshot) flush timing cannot apply. */
  static final FlushTimingCheck NONE = new FlushTimingCheck(null, null, Map.of()) {
    @Override
    boolean explains(Cell cell) {
      return false;
    }
  };

  private final Table sideWithCell;
  private final Table otherSide;
  private final Map<String, Integer> maxVersions;

  FlushTimingCheck(Table sideWithCell, Table otherSide, Map<String, Integer> maxVersionsByFamily) {
    this.sideWithCell = sideWithCell;
    this.otherSide = otherSide;
    this.maxVersions = maxVersionsByFamily;
  }

  boolean explains(Cell cell) throws IOException {
    byte[] family = CellUtil.cloneFamily(cell);
    byte[] qualifier = CellUtil.cloneQualifier(cell);
    Integer max = maxVersions.get(Bytes.toString(family));
    if (max == null) {
      return false;
    }
    Get get = new Get(CellUtil.cloneRow(cell)).addColumn(family, qualifier).readAllVersions();
    List<Cell> here = sideWithCell.get(get).getColumnCells(family, qualifier);
    if (here.size() != max || here.get(here.size() - 1).getTimestamp() != cell.getTimestamp()) {
      return false;
    }
    List<Cell> there = otherSide.get(get).getColumnCells(family, qualifier);
    // the other side must show the newer versions (so VERSIONS=1 is never explained), and a
    // deleted newer version must be what uncovered the cell: else it is a plain loss
    if (there.isEmpty() || there.size() != max - 1 || !newerVersionDeleted(cell, family, qualifier)) {
      return false;
    }
    for (int i = 0; i < there.size(); i++) {
      if (there.get(i).getTimestamp() != here.get(i).getTimestamp()) {
        return false;
      }
    }
    return true;
  }

  private boolean newerVersionDeleted(Cell cell, byte[] family, byte[] qualifier) throws IOException {
    byte[] row = CellUtil.cloneRow(cell);
    Scan raw = new Scan().withStartRow(row).withStopRow(row, true).addFamily(family).setRaw(true)
        .readAllVersions();
    try (ResultScanner scanner = sideWithCell.getScanner(raw)) {
      for (Result result : scanner) {
        for (Cell marker : result.rawCells()) {
          // a raw scan takes no column, only a family
          if (marker.getType() == Cell.Type.Delete && CellUtil.matchingQualifier(marker, qualifier)
              && marker.getTimestamp() > cell.getTimestamp()) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
