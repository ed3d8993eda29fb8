package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceExistException;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each sync has read to, kept in a small table of the destination cluster (one row per
 * sync): written only after the destination acknowledged the edits, so a crash between apply and
 * checkpoint replays a little (harmless) and loses nothing. The same row holds the stream leases
 * ({@link StreamLeases}) and the WAL pin's generation ({@link PinRotation}).
 */
final class WalCheckpointStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointStore.class);
  static final TableName TABLE = TableName.valueOf("hbase_tunnel:wal_checkpoints");
  private static final byte[] STREAMS = Bytes.toBytes("s");
  private static final byte[] DRAINED = Bytes.toBytes("d");
  private static final byte[] META = Bytes.toBytes("m");
  private static final byte[] START_TIME = Bytes.toBytes("startTime");
  private static final byte[] PIN = Bytes.toBytes("pin");
  private static final byte[] PINNED_AT = Bytes.toBytes("pinnedAt");
  private static final byte[] DELETES_RESTORED = Bytes.toBytes("deletesRestoredAt");
  private static final String OFFSET = "offset/";

  private final Table table;
  private final byte[] row;

  WalCheckpointStore(Connection destination, String syncId) throws IOException {
    ensureTable(destination);
    this.table = destination.getTable(TABLE);
    this.row = Bytes.toBytes(syncId);
  }

  StreamLeases leases(String workerId, long leaseMillis) {
    return new StreamLeases(table, row, workerId, leaseMillis);
  }

  /**
   * What the sync's row holds, read at once.
   *
   * @param positions stream -> position, for every stream the sync has checkpointed
   * @param drained streams of dead region servers read to their very end: their WALs are no longer needed
   * @param syncedTo stream -> the time before which every edit of the stream is applied
   * @param pin the pin's state as written by {@link #swapPin}, or null before the first rotation
   * @param startTime the start time the sync was first created with, so a restart keeps the same rule
   * @param pinnedAt a time at which the sync's first pin existed, recorded before any stream was
   *     read; null for syncs pinned before this was recorded
   */
  record SyncRow(Map<String, WalPosition> positions, Set<String> drained, Map<String, Long> syncedTo, String pin,
      Long startTime, Long pinnedAt) {}

  SyncRow read() throws IOException {
    Result result = table.get(new Get(row));
    Map<String, WalPosition> positions = new HashMap<>();
    family(result, STREAMS).forEach((q, v) -> positions.put(Bytes.toString(q), WalPosition.parse(Bytes.toString(v))));
    Set<String> drained = new HashSet<>();
    family(result, DRAINED).keySet().forEach(q -> drained.add(Bytes.toString(q)));
    Map<String, Long> syncedTo = new HashMap<>();
    family(result, META).forEach((q, v) -> {
      String name = Bytes.toString(q);
      if (name.startsWith(OFFSET)) {
        syncedTo.put(name.substring(OFFSET.length()), Bytes.toLong(v));
      }
    });
    byte[] pin = result.getValue(META, PIN);
    byte[] startTime = result.getValue(META, START_TIME);
    byte[] pinnedAt = result.getValue(META, PINNED_AT);
    return new SyncRow(positions, drained, syncedTo, pin == null ? null : Bytes.toString(pin),
        startTime == null ? null : Bytes.toLong(startTime), pinnedAt == null ? null : Bytes.toLong(pinnedAt));
  }

  /** Records, once, a time at which the sync's pin existed. */
  void savePinnedAt(long time) throws IOException {
    table.checkAndMutate(CheckAndMutate.newBuilder(row).ifNotExists(META, PINNED_AT)
        .build(new Put(row).addColumn(META, PINNED_AT, Bytes.toBytes(time))));
  }

  /** When the destination's delete retention was given back (DeleteRetentionRelease), or null. */
  Long deletesRestoredAt() throws IOException {
    byte[] value = table.get(new Get(row).addColumn(META, DELETES_RESTORED)).getValue(META, DELETES_RESTORED);
    return value == null ? null : Bytes.toLong(value);
  }

  /** Records, once, that the retention is given back, so no later start does it again. */
  void saveDeletesRestored(long time) throws IOException {
    table.checkAndMutate(CheckAndMutate.newBuilder(row).ifNotExists(META, DELETES_RESTORED)
        .build(new Put(row).addColumn(META, DELETES_RESTORED, Bytes.toBytes(time))));
  }

  /** Records the first start time; a concurrent first start of another worker wins if it was earlier in. */
  long saveStartTime(long startTime) throws IOException {
    table.checkAndMutate(CheckAndMutate.newBuilder(row).ifNotExists(META, START_TIME)
        .build(new Put(row).addColumn(META, START_TIME, Bytes.toBytes(startTime))));
    return read().startTime();
  }

  /**
   * Saves one stream's position, and the time before which all its edits are applied, if this
   * worker still holds its lease and the position is not behind the stored one; false when not.
   */
  boolean save(String stream, WalPosition position, long syncedTo, boolean drained, StreamLeases leases)
      throws IOException {
    byte[] stored = table.get(new Get(row).addColumn(STREAMS, Bytes.toBytes(stream))).getValue(STREAMS,
        Bytes.toBytes(stream));
    if (stored != null && position.isBefore(WalPosition.parse(Bytes.toString(stored)))) {
      // only lease holders write here, so this is a worker resuming from a wrong place: never move back
      LOG.error("WAL stream {}: refusing to move its checkpoint back from {} to {}", stream, Bytes.toString(stored),
          position.format());
      return false;
    }
    Put put = new Put(row).addColumn(STREAMS, Bytes.toBytes(stream), Bytes.toBytes(position.format()))
        .addColumn(META, Bytes.toBytes(OFFSET + stream), Bytes.toBytes(syncedTo));
    if (drained) {
      put.addColumn(DRAINED, Bytes.toBytes(stream), Bytes.toBytes(true));
    }
    return table.checkAndMutate(leases.guard(stream, put)).isSuccess();
  }

  /** Compare-and-set of the pin state, so only one worker moves the pin per step. */
  boolean swapPin(String expected, String next) throws IOException {
    return table.checkAndMutate(ifStill(row, META, PIN, expected == null ? null : Bytes.toBytes(expected))
        .build(new Put(row).addColumn(META, PIN, Bytes.toBytes(next)))).isSuccess();
  }

  /** stream -> the worker whose lease on it is stored in the row. */
  Map<String, String> leaseHolders() throws IOException {
    return StreamLeases.holders(table, row);
  }

  /** The condition of a compare-and-set on one column: it still holds {@code expected}, or, for null, nothing. */
  static CheckAndMutate.Builder ifStill(byte[] row, byte[] family, byte[] column, byte[] expected) {
    CheckAndMutate.Builder when = CheckAndMutate.newBuilder(row);
    return expected == null ? when.ifNotExists(family, column) : when.ifEquals(family, column, expected);
  }

  void delete() throws IOException {
    table.delete(new Delete(row));
  }

  private static Map<byte[], byte[]> family(Result result, byte[] family) {
    NavigableMap<byte[], byte[]> columns = result.getFamilyMap(family);
    return columns == null ? Map.of() : columns;
  }

  @Override
  public void close() throws IOException {
    table.close();
  }

  private static void ensureTable(Connection destination) throws IOException {
    try (Admin admin = destination.getAdmin()) {
      if (admin.tableExists(TABLE)) {
        return;
      }
      try {
        admin.createNamespace(NamespaceDescriptor.create(TABLE.getNamespaceAsString()).build());
      } catch (NamespaceExistException e) {
        // another worker made it
      }
      TableDescriptorBuilder table = TableDescriptorBuilder.newBuilder(TABLE);
      for (byte[] family : new byte[][] {STREAMS, DRAINED, META, StreamLeases.FAMILY}) {
        table.setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(family).setMaxVersions(1).build());
      }
      try {
        admin.createTable(table.build());
      } catch (TableExistsException e) {
        // another worker made it
      }
    }
  }
}
