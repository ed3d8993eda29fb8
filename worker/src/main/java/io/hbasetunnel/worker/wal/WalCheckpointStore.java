package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceExistException;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Where each sync has read to, kept in a small table of the destination cluster (one row per
 * sync): written only after the destination acknowledged the edits, so a crash between apply and
 * checkpoint replays a little (harmless) and loses nothing. Each shard writes only its own streams.
 */
final class WalCheckpointStore {
  static final TableName TABLE = TableName.valueOf("hbase_tunnel:wal_checkpoints");
  private static final byte[] STREAMS = Bytes.toBytes("s");
  private static final byte[] META = Bytes.toBytes("m");

  private final Connection destination;
  private final byte[] row;

  WalCheckpointStore(Connection destination, String syncId) throws IOException {
    this.destination = destination;
    this.row = Bytes.toBytes(syncId);
    ensureTable();
  }

  /** stream -> position for every stream this sync has checkpointed. */
  Map<String, WalPosition> load() throws IOException {
    Map<String, WalPosition> positions = new HashMap<>();
    try (Table table = destination.getTable(TABLE)) {
      Result result = table.get(new Get(row).addFamily(STREAMS));
      if (result.getFamilyMap(STREAMS) != null) {
        result.getFamilyMap(STREAMS).forEach((q, v) -> positions.put(Bytes.toString(q), WalPosition.parse(Bytes.toString(v))));
      }
    }
    return positions;
  }

  /** The start time the sync was first created with, so a restart keeps the same rule. */
  Long startTime() throws IOException {
    try (Table table = destination.getTable(TABLE)) {
      byte[] value = table.get(new Get(row).addColumn(META, Bytes.toBytes("startTime"))).getValue(META, Bytes.toBytes("startTime"));
      return value == null ? null : Bytes.toLong(value);
    }
  }

  void saveStartTime(long startTime) throws IOException {
    try (Table table = destination.getTable(TABLE)) {
      table.put(new Put(row).addColumn(META, Bytes.toBytes("startTime"), Bytes.toBytes(startTime)));
    }
  }

  void save(Map<String, WalPosition> positions, String shard, long offset) throws IOException {
    if (positions.isEmpty()) {
      return;
    }
    Put put = new Put(row);
    positions.forEach((stream, position) -> put.addColumn(STREAMS, Bytes.toBytes(stream), Bytes.toBytes(position.format())));
    put.addColumn(META, Bytes.toBytes("offset-" + shard), Bytes.toBytes(offset));
    put.addColumn(META, Bytes.toBytes("synctime-" + shard), Bytes.toBytes(System.currentTimeMillis()));
    try (Table table = destination.getTable(TABLE)) {
      table.put(put);
    }
  }

  void delete() throws IOException {
    try (Table table = destination.getTable(TABLE)) {
      table.delete(new Delete(row));
    }
  }

  private void ensureTable() throws IOException {
    try (Admin admin = destination.getAdmin()) {
      if (admin.tableExists(TABLE)) {
        return;
      }
      try {
        admin.createNamespace(NamespaceDescriptor.create(TABLE.getNamespaceAsString()).build());
      } catch (NamespaceExistException e) {
        // another worker made it
      }
      try {
        admin.createTable(TableDescriptorBuilder.newBuilder(TABLE)
            .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(STREAMS).setMaxVersions(1).build())
            .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(META).setMaxVersions(1).build())
            .build());
      } catch (TableExistsException e) {
        // another worker made it
      }
    }
  }
}
