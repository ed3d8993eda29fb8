package io.hbasetunnel.worker.verify;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.util.Bytes;

/** One cell that is not the same on both sides, in printable form. */
public record CellDifference(Kind kind, String row, String family, String qualifier, long timestamp, String type) {

  public enum Kind {
    /** On the source only: a lost row, version or delete marker. */
    MISSING_IN_DESTINATION,
    /** On the destination only. */
    EXTRA_IN_DESTINATION,
    /** Same coordinates and type, other value or other tags (cell TTL, visibility, ACL). */
    VALUE_DIFFERS
  }

  static CellDifference of(Kind kind, Cell cell) {
    return new CellDifference(kind,
        Bytes.toStringBinary(CellUtil.cloneRow(cell)),
        Bytes.toStringBinary(CellUtil.cloneFamily(cell)),
        Bytes.toStringBinary(CellUtil.cloneQualifier(cell)),
        cell.getTimestamp(),
        cell.getType().name());
  }

  @Override
  public String toString() {
    return kind + " row=" + row + " column=" + family + ":" + qualifier + " ts=" + timestamp + " type=" + type;
  }
}
