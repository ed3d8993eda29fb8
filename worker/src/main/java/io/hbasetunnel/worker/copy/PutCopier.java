package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.hbase.CellFilter;
import java.io.IOException;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Writes one unit's snapshot cells through the destination's normal write path, in bounded
 * batches: puts and delete markers keep their timestamps and types, so a rerun of a unit writes
 * the same cells again and changes nothing.
 */
final class PutCopier implements UnitCopier {
  private static final long WRITE_BUFFER_BYTES = 8L << 20;

  private final RestoredSnapshot restored;
  private final Connection destination;
  private final TableName targetTable;
  private final CellFilter filter;
  private final Throttle throttle;

  PutCopier(RestoredSnapshot restored, Connection destination, TableName targetTable, CellFilter filter,
      Throttle throttle) {
    this.restored = restored;
    this.destination = destination;
    this.targetTable = targetTable;
    this.filter = filter;
    this.throttle = throttle;
  }

  @Override
  public UnitResult copy(WorkUnit unit) throws IOException {
    long rows = 0;
    long cells = 0;
    long bytes = 0;
    byte[] lastRow = null;
    BufferedMutatorParams params = new BufferedMutatorParams(targetTable).writeBufferSize(WRITE_BUFFER_BYTES);
    try (RegionCellReader reader = new RegionCellReader(restored.snapshot(), restored.dir(), unit, filter);
        BufferedMutator mutator = destination.getBufferedMutator(params)) {
      for (Result result = reader.next(); result != null; result = reader.next()) {
        if (lastRow == null || !Bytes.equals(lastRow, result.getRow())) {
          rows++;
          lastRow = result.getRow();
        }
        Put put = null;
        Delete delete = null;
        long resultBytes = 0;
        for (Cell cell : result.rawCells()) {
          if (CellUtil.isDelete(cell)) {
            delete = delete == null ? new Delete(result.getRow()) : delete;
            delete.add(cell);
          } else {
            put = put == null ? new Put(result.getRow()) : put;
            put.add(cell);
          }
          resultBytes += cell.getSerializedSize();
          cells++;
        }
        throttle.acquire(resultBytes);
        if (put != null) {
          mutator.mutate(put);
        }
        if (delete != null) {
          mutator.mutate(delete);
        }
        bytes += resultBytes;
      }
      mutator.flush();
    }
    return new UnitResult(rows, cells, bytes);
  }
}
