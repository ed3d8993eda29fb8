package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.hbase.wal.WAL;
import org.apache.hadoop.hbase.wal.WALEdit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies WAL entries of the synced tables to the destination with their original timestamps and
 * types (replaying cells as they are reproduces every delete kind), and with their tags (cell TTL,
 * visibility labels, ACLs travel through the connection's tag-carrying codec), batched per table
 * and waited for: the caller checkpoints only what this returned from.
 */
final class MutationApplier {
  private static final Logger LOG = LoggerFactory.getLogger(MutationApplier.class);

  private final Connection destination;
  private final SyncCounters counters;

  MutationApplier(Connection destination, SyncCounters counters) {
    this.destination = destination;
    this.counters = counters;
  }

  /** Applies the entries of the synced tables written at or after the start time; returns once acknowledged. */
  void apply(List<WAL.Entry> entries, TableMapping tables, long startTime) throws IOException, InterruptedException {
    Map<TableName, Batch> batches = new HashMap<>();
    for (WAL.Entry entry : entries) {
      TableName source = entry.getKey().getTableName();
      TableName target = tables.targetOf(source);
      if (target == null || entry.getKey().getWriteTime() < startTime) {
        continue;
      }
      Batch batch = batches.computeIfAbsent(target, t -> new Batch(source));
      Mutation put = null;
      Mutation delete = null;
      byte[] row = null;
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
        if (row == null || !CellUtil.matchingRows(cell, row)) {
          flushRowMutations(batch, target, put, delete);
          put = null;
          delete = null;
          row = CellUtil.cloneRow(cell);
        }
        if (CellUtil.isDelete(cell)) {
          delete = delete == null ? new Delete(row) : delete;
          ((Delete) delete).add(cell);
        } else {
          put = put == null ? new Put(row) : put;
          ((Put) put).add(cell);
        }
      }
      flushRowMutations(batch, target, put, delete);
    }
    for (Map.Entry<TableName, Batch> batch : batches.entrySet()) {
      submit(batch.getKey(), batch.getValue());
    }
    counters.entries(entries.size());
  }

  private void flushRowMutations(Batch batch, TableName target, Mutation put, Mutation delete)
      throws IOException, InterruptedException {
    for (Mutation mutation : new Mutation[] {put, delete}) {
      if (mutation == null) {
        continue;
      }
      // two edits of one row in one batch would get one sequence id: which wins would be HBase's choice
      if (!batch.rows.add(Bytes.toStringBinary(mutation.getRow()))) {
        submit(target, batch);
        batch.rows.add(Bytes.toStringBinary(mutation.getRow()));
      }
      // durable before the checkpoint moves past it, whatever the table's DURABILITY says
      mutation.setDurability(Durability.SYNC_WAL);
      batch.actions.add(mutation);
      if (mutation instanceof Put) {
        batch.puts++;
      } else {
        batch.deletes++;
      }
    }
  }

  private void submit(TableName target, Batch batch) throws IOException, InterruptedException {
    if (batch.actions.isEmpty()) {
      return;
    }
    try (Table table = destination.getTable(target)) {
      table.batch(batch.actions, new Object[batch.actions.size()]);
    }
    counters.applied(batch.source.getNameWithNamespaceInclAsString(), batch.puts, batch.deletes);
    batch.actions.clear();
    batch.rows.clear();
    batch.puts = 0;
    batch.deletes = 0;
  }

  private static final class Batch {
    final TableName source;
    final List<Row> actions = new ArrayList<>();
    final Set<String> rows = new HashSet<>();
    long puts;
    long deletes;

    Batch(TableName source) {
      this.source = source;
    }
  }
}
