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
 * reorder them). An edit joins only when that changes nothing the source shows:
 * <ul>
 *   <li>no cell of it has the coordinates (family, qualifier, timestamp) of a cell already in:
 *   two such cells under one sequence id would leave which one wins to HBase, where the WAL
 *   order must decide;</li>
 *   <li>it holds no put when a delete is in already: under one sequence id a delete masks a put
 *   of its range whichever came first, and with NEW_VERSION_BEHAVIOR a put written after a
 *   delete must stay visible.</li>
 * </ul>
 * A delete after puts joins: it masks them on the source as it does here. Within one WAL entry
 * (one sequence id on the source too) the puts go before the deletes, as they always did.
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
  private final Set<Coordinates> coordinates = new HashSet<>();
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
    if (unit.hasPuts() && !deletes.isEmpty()) {
      return false;
    }
    for (List<Cell> cells : List.of(unit.puts, unit.deletes)) {
      for (Cell cell : cells) {
        if (coordinates.contains(new Coordinates(cell))) {
          return false;
        }
      }
    }
    take(unit);
    return true;
  }

  private void take(Unit unit) {
    for (List<Cell> cells : List.of(unit.puts, unit.deletes)) {
      for (Cell cell : cells) {
        coordinates.add(new Coordinates(cell));
        heapSize += cell.heapSize();
      }
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
