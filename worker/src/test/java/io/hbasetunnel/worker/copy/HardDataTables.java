package io.hbasetunnel.worker.copy;

import io.hbasetunnel.testing.TestCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Source tables for the cases a byte-for-byte copy gets wrong: same-timestamp overwrites spread
 * over store files, more store files per region than one bulk-load request accepts, MOB, and
 * cells carrying a per-cell TTL tag. The source must keep compactions off, so files stay apart.
 */
final class HardDataTables {
  static final byte[] F = Bytes.toBytes("f");
  static final byte[] M = Bytes.toBytes("m");

  private HardDataTables() {}

  static byte[] row(int i) {
    return Bytes.toBytes(String.format("r%06d", i));
  }

  /**
   * VERSIONS=2, 4 regions, three store files per region whose timestamps do not overlap (as
   * flushes of live writes are): file k holds every row's q0 at a timestamp in [k*1000,
   * k*1000+999] (three versions of each cell, one per file, so which two are visible depends on
   * all three), a version Delete and a DeleteFamilyVersion of cells of the same file.
   */
  static TableName timeOrderedFlushes(TestCluster cluster, String name, int rows, boolean newVersionBehavior)
      throws IOException {
    TableName table = cluster.createTable(name)
        .family("f", f -> f.setMaxVersions(2).setNewVersionBehavior(newVersionBehavior))
        .splits(new byte[][] {row(rows / 4), row(rows / 2), row(3 * rows / 4)})
        .create();
    long base = System.currentTimeMillis() - 3_600_000;
    try (Table t = cluster.connection().getTable(table); Admin admin = cluster.admin()) {
      for (int k = 0; k < 3; k++) {
        long from = base + k * 1000L;
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
          puts.add(new Put(row(i)).addColumn(F, Bytes.toBytes("q0"), from + i % 500, Bytes.toBytes("v" + k + "-" + i))
              .addColumn(F, Bytes.toBytes("q1"), from + 500 + i % 500, Bytes.toBytes("w" + k + "-" + i)));
        }
        t.put(puts);
        t.delete(new Delete(row(7 + k)).addColumn(F, Bytes.toBytes("q0"), from + 7 + k));
        t.delete(new Delete(row(11 + k)).addFamilyVersion(F, from + 500 + 11 + k));
        admin.flush(table);
      }
    }
    return table;
  }

  /**
   * VERSIONS=1, GZ, ROWCOL bloom, 4 regions. Rows 0..rows-1 with 3 columns at one fixed timestamp;
   * flushed at half; then every 40th row's columns overwritten with a new value at the same
   * timestamp (flushed, so the old and new value sit in different store files), and every 80th row
   * overwritten once more, left in the memstore (the snapshot flushes it into a third file).
   */
  static TableName sameTimestampOverwrites(TestCluster cluster, String name, int rows) throws IOException {
    TableName table = cluster.createTable(name)
        .family("f", f -> f.setMaxVersions(1).setCompressionType(Compression.Algorithm.GZ)
            .setBloomFilterType(BloomType.ROWCOL))
        .splits(new byte[][] {row(rows / 4), row(rows / 2), row(3 * rows / 4)})
        .create();
    long ts = System.currentTimeMillis() - 60_000;
    try (Table t = cluster.connection().getTable(table); Admin admin = cluster.admin()) {
      List<Put> puts = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        Put put = new Put(row(i));
        for (int q = 0; q < 3; q++) {
          put.addColumn(F, Bytes.toBytes("q" + q), ts, Bytes.toBytes("v1-" + i + "-" + q));
        }
        puts.add(put);
        if (i == rows / 2) {
          t.put(puts);
          puts.clear();
          admin.flush(table);
        }
      }
      t.put(puts);
      admin.flush(table);
      overwrite(t, rows, 40, ts, "v2-");
      admin.flush(table);
      overwrite(t, rows, 80, ts, "v3-");
    }
    return table;
  }

  private static void overwrite(Table t, int rows, int every, long ts, String prefix) throws IOException {
    List<Put> puts = new ArrayList<>();
    for (int i = 0; i < rows; i += every) {
      Put put = new Put(row(i));
      for (int q = 0; q < 3; q++) {
        put.addColumn(F, Bytes.toBytes("q" + q), ts, Bytes.toBytes(prefix + i + "-" + q));
      }
      puts.add(put);
    }
    t.put(puts);
  }

  /**
   * One region whose family holds {@code files} store files: a base file, then one flushed file
   * per round, each overwriting the same cells at the same timestamp (the last file must win).
   */
  static TableName manyStoreFiles(TestCluster cluster, String name, int files) throws IOException {
    TableName table = cluster.createTable(name).family("f", f -> f.setMaxVersions(3)).create();
    long ts = System.currentTimeMillis() - 60_000;
    try (Table t = cluster.connection().getTable(table); Admin admin = cluster.admin()) {
      for (int file = 0; file < files; file++) {
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          puts.add(new Put(row(i)).addColumn(F, Bytes.toBytes("q"), ts, Bytes.toBytes("file-" + file))
              .addColumn(F, Bytes.toBytes("f" + file), ts + file, Bytes.toBytes(i)));
        }
        t.put(puts);
        admin.flush(table);
      }
    }
    return table;
  }

  /** A table with a MOB family (threshold 1 KB, 2-7 KB values, overwrites and deletes, flushed). */
  static TableName mob(TestCluster cluster, String name) throws IOException {
    TableName table = cluster.createTable(name)
        .family("f")
        .family("m", f -> f.setMobEnabled(true).setMobThreshold(1024).setMaxVersions(3))
        .create();
    long ts = System.currentTimeMillis() - 60_000;
    try (Table t = cluster.connection().getTable(table); Admin admin = cluster.admin()) {
      for (int i = 0; i < 200; i++) {
        byte[] value = new byte[2048 + (i % 6) * 1024];
        java.util.Arrays.fill(value, (byte) i);
        t.put(new Put(row(i)).addColumn(M, Bytes.toBytes("blob"), ts, value)
            .addColumn(F, Bytes.toBytes("small"), ts, Bytes.toBytes(i)));
      }
      admin.flush(table);
      for (int i = 0; i < 200; i += 10) {
        byte[] value = new byte[3000];
        java.util.Arrays.fill(value, (byte) -i);
        t.put(new Put(row(i)).addColumn(M, Bytes.toBytes("blob"), ts + 1, value));
        t.delete(new Delete(row(i + 5)).addColumns(M, Bytes.toBytes("blob")));
      }
      admin.flush(table);
    }
    return table;
  }

  /** Rows whose cells carry a per-cell TTL (a tag) of {@code ttlMillis}, beside cells without one. */
  static TableName cellTtl(TestCluster cluster, String name, long ttlMillis) throws IOException {
    TableName table = cluster.createTable(name).family("f").create();
    try (Table t = cluster.connection().getTable(table)) {
      List<Put> puts = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        puts.add(new Put(row(i)).addColumn(F, Bytes.toBytes("expiring"), Bytes.toBytes(i)).setTTL(ttlMillis));
        puts.add(new Put(row(i)).addColumn(F, Bytes.toBytes("kept"), Bytes.toBytes(i)));
      }
      t.put(puts);
    }
    return table;
  }
}
