package io.hbasetunnel.worker.copy;

import io.hbasetunnel.testing.TestCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.hbase.KeepDeletedCells;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * A source table with the cases a copy gets wrong first: 3 families with different settings,
 * many versions, every delete kind, binary keys (0x00, 0xFF), empty qualifiers, a 5 MB cell,
 * more than 20 regions, several store files per region, and split reference files.
 */
final class EdgeCaseTable {
  static final byte[] A = Bytes.toBytes("a");
  static final byte[] B = Bytes.toBytes("b");
  static final byte[] C = Bytes.toBytes("c");
  static final int REGIONS = 24;
  static final int ROWS = 1200;
  static final int BIG_CELL_BYTES = 5 * 1024 * 1024 + 17;

  private EdgeCaseTable() {}

  /** Row keys: 4 bytes of i spread over the whole byte range, so 0x00.. and 0xFF.. keys exist. */
  static byte[] row(int i) {
    int spread = (int) ((long) i * 0xFFFFFFFFL / ROWS);
    return Bytes.add(Bytes.toBytes(spread), new byte[] {(byte) (i % 3)});
  }

  static byte[][] splits(int regions) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 1; i < regions; i++) {
      keys.add(Bytes.toBytes((int) ((long) i * 0xFFFFFFFFL / regions)));
    }
    return keys.toArray(new byte[0][]);
  }

  static TableName create(TestCluster cluster, String name) throws IOException {
    long now = System.currentTimeMillis();
    TableName table = cluster.createTable(name)
        .family("a", f -> f.setMaxVersions(100).setKeepDeletedCells(KeepDeletedCells.TRUE).setBloomFilterType(BloomType.ROW))
        .family("b", f -> f.setMaxVersions(5).setTimeToLive(10 * 365 * 24 * 3600).setBloomFilterType(BloomType.ROWCOL)
            .setDataBlockEncoding(DataBlockEncoding.FAST_DIFF).setBlocksize(16 * 1024))
        .family("c", f -> f.setMaxVersions(1).setInMemory(true).setScope(1).setCompressionType(Compression.Algorithm.GZ))
        .splits(splits(REGIONS))
        .create();
    Random random = new Random(42);
    try (Table t = cluster.connection().getTable(table); Admin admin = cluster.admin()) {
      long base = now - 100_000;
      // first store file: many versions in a, some in b, one in c, empty qualifiers
      List<Put> puts = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        Put put = new Put(row(i));
        for (int v = 0; v < 8; v++) {
          put.addColumn(A, new byte[0], base + v, value(random, 40));
        }
        put.addColumn(A, Bytes.toBytes("q"), base, value(random, 100));
        for (int v = 0; v < 3; v++) {
          put.addColumn(B, Bytes.toBytes("q" + (i % 4)), base + v, value(random, 60));
        }
        put.addColumn(C, new byte[] {0x00, (byte) 0xFF}, base, value(random, 20));
        puts.add(put);
      }
      // the extreme keys themselves
      puts.add(new Put(new byte[] {0x00}).addColumn(A, new byte[0], base, Bytes.toBytes("lowest")));
      puts.add(new Put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})
          .addColumn(B, new byte[0], base, Bytes.toBytes("highest")));
      t.put(puts);
      admin.flush(table);

      // second store file: newer versions and every delete kind
      for (int i = 0; i < ROWS; i += 7) {
        t.put(new Put(row(i)).addColumn(A, new byte[0], base + 50, value(random, 40)));
      }
      List<Delete> deletes = new ArrayList<>();
      for (int i = 1; i < ROWS; i += 50) {
        deletes.add(new Delete(row(i)).addColumn(A, new byte[0], base + 3));          // one version
        deletes.add(new Delete(row(i + 1)).addColumns(B, Bytes.toBytes("q" + ((i + 1) % 4)), base + 1)); // column up to ts
        deletes.add(new Delete(row(i + 2)).addFamily(C));                              // family
        deletes.add(new Delete(row(i + 3)).addFamilyVersion(A, base + 5));              // family version
        deletes.add(new Delete(row(i + 4)));                                           // whole row
      }
      t.delete(deletes);
      // a 5 MB cell
      t.put(new Put(row(ROWS / 2)).addColumn(B, Bytes.toBytes("big"), base + 9, value(random, BIG_CELL_BYTES)));
      admin.flush(table);
    }
    return table;
  }

  /**
   * Splits one region with compactions off, so its daughters are left holding split reference
   * files (half-files of the parent) when the snapshot is taken.
   */
  static void splitLeavingReferences(TestCluster cluster, TableName table) throws Exception {
    try (Admin admin = cluster.admin()) {
      admin.compactionSwitch(false, List.of());
      int before = admin.getRegions(table).size();
      byte[] splitKey = Bytes.add(Bytes.toBytes((int) (3.5 * 0xFFFFFFFFL / REGIONS)), new byte[] {1});
      admin.split(table, splitKey);
      long deadline = System.currentTimeMillis() + 60_000;
      while (admin.getRegions(table).size() <= before) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("split did not finish");
        }
        Thread.sleep(200);
      }
    }
  }

  private static byte[] value(Random random, int size) {
    byte[] value = new byte[size];
    random.nextBytes(value);
    return value;
  }
}
