package io.hbasetunnel.local.hbase;

import io.hbasetunnel.testing.TestCluster;
import io.hbasetunnel.testing.TestData;
import io.hbasetunnel.testing.TestTable;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Sample tables on the source: {@code t1}, {@code t2}, {@code t3}, with several families (their own
 * VERSIONS), several versions per cell, pre-split regions, and every kind of delete marker, so that
 * a copy has something to get wrong.
 */
public final class SampleData {
  public static final List<String> TABLES = List.of("t1", "t2", "t3");
  private static final long BASE_TS = 1_700_000_000_000L;

  private SampleData() {}

  public static void create(TestCluster source) throws IOException {
    TableName t1 = source.createTable("t1").family("d", f -> f.setMaxVersions(3)).family("m", f -> f.setMaxVersions(1))
        .splits(TestTable.evenSplits(3, 3000)).create();
    TestData.load(source.connection(), t1, new TestData.Shape(3000, List.of("d", "m"), 3, 3, 64), 1, BASE_TS);
    TableName t2 = source.createTable("t2").family("cf", f -> f.setMaxVersions(5)).splits(TestTable.evenSplits(2, 2000)).create();
    TestData.load(source.connection(), t2, new TestData.Shape(2000, List.of("cf"), 4, 5, 32), 2, BASE_TS);
    TableName t3 = source.createTable("t3").family("a").family("b", f -> f.setMaxVersions(2)).create();
    TestData.load(source.connection(), t3, new TestData.Shape(1000, List.of("a", "b"), 2, 2, 128), 3, BASE_TS);
    deletes(source, t1, "d");
    deletes(source, t2, "cf");
    deletes(source, t3, "b");
  }

  /** A row delete, a family delete, a column delete (all versions) and a single-version delete. */
  private static void deletes(TestCluster source, TableName name, String family) throws IOException {
    byte[] f = Bytes.toBytes(family);
    try (Table table = source.table(name.getNameAsString())) {
      for (int r = 10; r < 1000; r += 100) {
        table.delete(new Delete(Bytes.toBytes(TestData.rowKey(r))));
        table.delete(new Delete(Bytes.toBytes(TestData.rowKey(r + 1))).addFamily(f));
        table.delete(new Delete(Bytes.toBytes(TestData.rowKey(r + 2))).addColumns(f, Bytes.toBytes("q0")));
        table.delete(new Delete(Bytes.toBytes(TestData.rowKey(r + 3))).addColumn(f, Bytes.toBytes("q1"), BASE_TS + 1));
      }
    }
  }
}
