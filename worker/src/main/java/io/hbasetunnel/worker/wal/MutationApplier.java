package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.wal.WAL;
import org.apache.hadoop.hbase.wal.WALEdit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies WAL entries of the synced tables to the destination with their original timestamps and
 * types (replaying cells as they are reproduces every delete kind), and with their tags (cell TTL,
 * visibility labels, ACLs travel through the connection's tag-carrying codec), batched per table
 * and waited for: the caller checkpoints only what this returned from.
 *
 * <p>Edits of one row are merged into one atomic row mutation as long as that changes nothing
 * ({@link RowEdits}); an edit that cannot be merged goes to the row's next layer, and layer n+1
 * is sent only once layer n is acknowledged, so a hot row's edits keep their WAL order with one
 * round trip per layer, not per edit. Each destination call holds at most the batch's byte bound;
 * its answer time adapts that bound ({@link BatchBounds}).
 */
final class MutationApplier {
  private static final Logger LOG = LoggerFactory.getLogger(MutationApplier.class);

  private final Connection destination;
  private final SyncCounters counters;
  private final BatchBounds bounds;

  MutationApplier(Connection destination, SyncCounters counters, BatchBounds bounds) {
    this.destination = destination;
    this.counters = counters;
    this.bounds = bounds;
  }

  /** Applies the entries of the synced tables written at or after the start time; returns once acknowledged. */
  void apply(List<WAL.Entry> entries, TableMapping tables, long startTime) throws IOException, InterruptedException {
    Map<TableName, TableLayers> batches = new LinkedHashMap<>();
    for (WAL.Entry entry : entries) {
      TableName source = entry.getKey().getTableName();
      TableName target = tables.targetOf(source);
      if (target == null || entry.getKey().getWriteTime() < startTime) {
        continue;
      }
      TableLayers batch = batches.computeIfAbsent(target, t -> new TableLayers(source));
      RowEdits.Unit unit = null;
      for (Cell cell : entry.getEdit().getCells()) {
        if (WALEdit.isMetaEditFamily(cell)) {
          if (CellUtil.matchingQualifier(cell, WALEdit.BULK_LOAD)) {
            counters.bulkLoadSeen();
            LOG.warn("bulk load into {} on the source: bulk-loaded files never reach a WAL; re-copy that table"
                + " (or the loaded range) with a full migration", source);
          }
          continue;
        }
        if (!tables.includesFamily(cell)) {
          continue;
        }
        if (unit == null || !CellUtil.matchingRows(cell, unit.row())) {
          batch.add(unit);
          unit = new RowEdits.Unit(CellUtil.cloneRow(cell));
        }
        unit.add(cell);
      }
      batch.add(unit);
    }
    for (Map.Entry<TableName, TableLayers> batch : batches.entrySet()) {
      submit(batch.getKey(), batch.getValue());
    }
    counters.entries(entries.size());
  }

  /** Sends the layers in order, each in calls of at most the batch's byte bound. */
  private void submit(TableName target, TableLayers batch) throws IOException, InterruptedException {
    long maxCallBytes = bounds.bytes();
    try (Table table = destination.getTable(target)) {
      for (List<RowEdits> layer : batch.layers) {
        List<Row> call = new ArrayList<>();
        long bytes = 0;
        for (RowEdits row : layer) {
          call.add(row.toRow());
          bytes += row.heapSize();
          if (bytes >= maxCallBytes) {
            send(table, call);
            call = new ArrayList<>();
            bytes = 0;
          }
        }
        send(table, call);
      }
    }
    counters.applied(batch.source.getNameWithNamespaceInclAsString(), batch.puts, batch.deletes);
  }

  private void send(Table table, List<Row> call) throws IOException, InterruptedException {
    if (call.isEmpty()) {
      return;
    }
    long began = System.nanoTime();
    table.batch(call, new Object[call.size()]);
    bounds.answered((System.nanoTime() - began) / 1_000_000);
    counters.destinationCall(bounds.bytes());
  }

  /** One table's edits of a batch: per layer, at most one {@link RowEdits} per row. */
  private static final class TableLayers {
    final TableName source;
    final List<List<RowEdits>> layers = new ArrayList<>();
    /** each row's edits in its newest layer */
    final Map<RowEdits.Key, RowEdits> newest = new java.util.HashMap<>();
    long puts;
    long deletes;

    TableLayers(TableName source) {
      this.source = source;
    }

    void add(RowEdits.Unit unit) {
      if (unit == null) {
        return;
      }
      RowEdits.Key key = new RowEdits.Key(unit.row());
      RowEdits row = newest.get(key);
      if (row == null || !row.merge(unit)) {
        int layer = row == null ? 0 : row.layer() + 1;
        if (layer == layers.size()) {
          layers.add(new ArrayList<>());
        }
        row = new RowEdits(unit, layer);
        layers.get(layer).add(row);
        newest.put(key, row);
      }
      puts += unit.hasPuts() ? 1 : 0;
      deletes += unit.hasDeletes() ? 1 : 0;
    }
  }
}
