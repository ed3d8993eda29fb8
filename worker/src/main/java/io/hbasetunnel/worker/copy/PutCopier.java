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
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;

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
    BufferedMutatorParams params = new BufferedMutatorParams(targetTable).writeBufferSize(WRITE_BUFFER_BYTES);
    try (RegionCellReader reader = new RegionCellReader(restored.snapshot(), restored.dir(), unit, filter);
        BufferedMutator mutator = destination.getBufferedMutator(params)) {
      UnitResult result = reader.readAll(row -> write(row, mutator), throttle);
      mutator.flush();
      return result;
    }
  }

  /**
   * Puts and delete markers of a row, each with its own timestamp and type. Written to the WAL
   * whatever the table's DURABILITY says (it was copied from the source and may be SKIP_WAL or
   * ASYNC_WAL): the unit is marked done after the flush, so the data must be durable by then.
   */
  private static void write(Result row, BufferedMutator mutator) throws IOException {
    Put put = null;
    Delete delete = null;
    for (Cell cell : row.rawCells()) {
      if (CellUtil.isDelete(cell)) {
        delete = delete == null ? new Delete(row.getRow()) : delete;
        delete.add(cell);
      } else {
        put = put == null ? new Put(row.getRow()) : put;
        put.add(cell);
      }
    }
    if (put != null) {
      mutator.mutate(put.setDurability(Durability.SYNC_WAL));
    }
    if (delete != null) {
      mutator.mutate(delete.setDurability(Durability.SYNC_WAL));
    }
  }
}
