package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Consecutive WAL edits of one row sent as one atomic row mutation (a Put, a Delete, or both as
 * {@link RowMutations}: applied all or nothing under one sequence id, so a retry can never
 * reorder them). An edit joins only when sharing that sequence id changes nothing readers of the
 * source see, whether the family has NEW_VERSION_BEHAVIOR or not:
 * <ul>
 *   <li>none of its puts has the coordinates (family, qualifier, timestamp) of a put already in:
 *   which of two such cells wins must follow the WAL order, not be left to HBase;</li>
 *   <li>each of its puts is newer than every delete marker already in: a marker masks the puts
 *   at or below its timestamp under one sequence id whichever came first, while on the source a
 *   put written after the delete can be visible (NEW_VERSION_BEHAVIOR).</li>
 * </ul>
 * A delete always joins: it masks the puts before it, as on the source (a marker masks by
 * timestamp, and with NEW_VERSION_BEHAVIOR the puts of its own or an older sequence id). Within
 * one WAL entry (one sequence id on the source too) the puts go before the deletes, as they
 * always did. HBase's own ReplicationSink sends a row's edits of many entries in one batch as
 * separate actions; here they are one action per row and call, or wait for the next call.
 */
final class RowEdits {
  /** One WAL entry's cells of one row. */
  static final class Unit {
    private final byte[] row;
    private final List<Cell> puts = new ArrayList<>();
    private final List<Cell> deletes = new ArrayList<>();

    Unit(byte[] row) {
      this.row = row;
    }

    byte[] row() {
      return row;
    }

    void add(Cell cell) {
      (CellUtil.isDelete(cell) ? deletes : puts).add(cell);
    }

    boolean hasPuts() {
      return !puts.isEmpty();
    }

    boolean hasDeletes() {
      return !deletes.isEmpty();
    }
  }

  /** A row key as a map key. */
  record Key(byte[] row) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Arrays.equals(row, key.row);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(row);
    }
  }

  /** A cell's coordinates: family, qualifier and timestamp (type and value left out). */
  private record Coordinates(Cell cell) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Coordinates c && cell.getTimestamp() == c.cell.getTimestamp()
          && CellUtil.matchingColumn(cell, c.cell);
    }

    @Override
    public int hashCode() {
      int hash = Bytes.hashCode(cell.getFamilyArray(), cell.getFamilyOffset(), cell.getFamilyLength());
      hash = 31 * hash + Bytes.hashCode(cell.getQualifierArray(), cell.getQualifierOffset(), cell.getQualifierLength());
      return 31 * hash + Long.hashCode(cell.getTimestamp());
    }
  }

  private final byte[] row;
  private final int layer;
  private final List<Cell> puts = new ArrayList<>();
  private final List<Cell> deletes = new ArrayList<>();
  /** the puts' coordinates */
  private final Set<Coordinates> coordinates = new HashSet<>();
  private long newestDelete = Long.MIN_VALUE;
  private long heapSize;

  RowEdits(Unit first, int layer) {
    this.row = first.row;
    this.layer = layer;
    take(first);
  }

  int layer() {
    return layer;
  }

  long heapSize() {
    return heapSize;
  }

  /** Adds the unit if that changes nothing (see the class comment); false: it goes to the next layer. */
  boolean merge(Unit unit) {
    for (Cell cell : unit.puts) {
      if (cell.getTimestamp() <= newestDelete || coordinates.contains(new Coordinates(cell))) {
        return false;
      }
    }
    take(unit);
    return true;
  }

  private void take(Unit unit) {
    for (Cell cell : unit.puts) {
      coordinates.add(new Coordinates(cell));
      heapSize += cell.heapSize();
    }
    for (Cell cell : unit.deletes) {
      newestDelete = Math.max(newestDelete, cell.getTimestamp());
      heapSize += cell.heapSize();
    }
    puts.addAll(unit.puts);
    deletes.addAll(unit.deletes);
  }

  /** The row mutation to send; every part is SYNC_WAL: durable before the checkpoint moves past it. */
  Row toRow() throws IOException {
    Put put = null;
    if (!puts.isEmpty()) {
      put = new Put(row);
      for (Cell cell : puts) {
        put.add(cell);
      }
      put.setDurability(Durability.SYNC_WAL);
    }
    Delete delete = null;
    if (!deletes.isEmpty()) {
      delete = new Delete(row);
      for (Cell cell : deletes) {
        delete.add(cell);
      }
      delete.setDurability(Durability.SYNC_WAL);
    }
    if (put == null || delete == null) {
      return put != null ? put : delete;
    }
    RowMutations both = new RowMutations(row, 2);
    for (Mutation mutation : new Mutation[] {put, delete}) {
      both.add(mutation);
    }
    return both;
  }
}
