package io.hbasetunnel.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.util.Bytes;

/** Deterministic generated data: same seed, same cells. */
public final class TestData {
  private TestData() {}

  /** Fixed-width row keys so that lexical order is numeric order. */
  public static String rowKey(long i) {
    return String.format("row-%010d", i);
  }

  /** What to load: rows x families x qualifiers x versions, values of a given size. */
  public record Shape(int rows, List<String> families, int qualifiers, int versions, int valueBytes) {
    public long cells() {
      return (long) rows * families.size() * qualifiers * versions;
    }
  }

  /**
   * Loads {@code shape} into {@code table} with explicit timestamps {@code baseTs + version}, through
   * a BufferedMutator. Returns the number of cells written.
   */
  public static long load(Connection connection, TableName table, Shape shape, long seed, long baseTs)
      throws IOException {
    Random random = new Random(seed);
    byte[] value = new byte[shape.valueBytes()];
    List<byte[]> families = new ArrayList<>();
    shape.families().forEach(f -> families.add(Bytes.toBytes(f)));
    long cells = 0;
    try (BufferedMutator mutator = connection.getBufferedMutator(table)) {
      for (int r = 0; r < shape.rows(); r++) {
        Put put = new Put(Bytes.toBytes(rowKey(r)));
        put.setDurability(Durability.SYNC_WAL);
        for (byte[] family : families) {
          for (int q = 0; q < shape.qualifiers(); q++) {
            for (int v = 0; v < shape.versions(); v++) {
              random.nextBytes(value);
              put.addColumn(family, Bytes.toBytes("q" + q), baseTs + v, value.clone());
              cells++;
            }
          }
        }
        mutator.mutate(put);
      }
    }
    return cells;
  }
}
