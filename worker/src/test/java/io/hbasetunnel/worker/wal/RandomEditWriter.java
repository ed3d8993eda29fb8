package io.hbasetunnel.worker.wal;

import io.hbasetunnel.testing.TestCluster;
import io.hbasetunnel.testing.TestData;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/** Keeps writing random puts (several versions), overwrites and every delete kind to one table, on its own thread. */
final class RandomEditWriter implements AutoCloseable {
  private static final byte[] D = Bytes.toBytes("d");
  private final TestCluster cluster;
  private final TableName table;
  private final long seed;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong ops = new AtomicLong();
  private final Thread thread;
  private volatile Throwable failure;
  private final boolean putsAfterDeletes;

  private RandomEditWriter(TestCluster cluster, TableName table, long seed, boolean putsAfterDeletes) {
    this.cluster = cluster;
    this.table = table;
    this.seed = seed;
    this.putsAfterDeletes = putsAfterDeletes;
    this.thread = new Thread(this::run, "writer-" + table.getNameAsString());
  }

  static RandomEditWriter start(TestCluster cluster, TableName table, long seed) {
    return start(cluster, table, seed, false);
  }

  /**
   * A writer whose put timestamps never fall behind the server's clock, so a whole-row delete
   * (stamped with the server's time) never masks a put written after it. Where the writer's
   * timestamps lag, such puts are masked on the source only as long as it keeps the delete
   * marker (HBase: "deletes mask puts ... major compactions change query results").
   */
  static RandomEditWriter startWithPutsAfterDeletes(TestCluster cluster, TableName table, long seed) {
    return start(cluster, table, seed, true);
  }

  private static RandomEditWriter start(TestCluster cluster, TableName table, long seed, boolean putsAfterDeletes) {
    RandomEditWriter writer = new RandomEditWriter(cluster, table, seed, putsAfterDeletes);
    writer.thread.start();
    return writer;
  }

  long ops() {
    return ops.get();
  }

  /** Stops writing and rethrows what failed the writer, if anything did. */
  @Override
  public void close() throws Exception {
    stop.set(true);
    thread.join();
    if (failure != null) {
      throw new AssertionError("writer to " + table + " failed", failure);
    }
  }

  private void run() {
    Random random = new Random(seed);
    long ts = System.currentTimeMillis();
    try (Table t = cluster.table(table.getNameAsString())) {
      while (!stop.get()) {
        byte[] row = Bytes.toBytes(TestData.rowKey(random.nextInt(500)));
        byte[] q = Bytes.toBytes("q" + random.nextInt(3));
        // unique, increasing timestamps: the same cell is never written twice at one timestamp
        ts += 1 + random.nextInt(3);
        if (putsAfterDeletes) {
          ts = Math.max(ts, System.currentTimeMillis() + 1);
        }
        // a quarter deletes, one of each kind, so that plenty survives them
        switch (random.nextInt(20)) {
          case 0 -> t.delete(new Delete(row).addColumn(D, q, ts - random.nextInt(20)));
          case 1 -> t.delete(new Delete(row).addColumns(D, q, ts - random.nextInt(20)));
          case 2 -> t.delete(new Delete(row).addFamily(D, ts - random.nextInt(20)));
          case 3 -> t.delete(new Delete(row).addFamilyVersion(D, ts - random.nextInt(20)));
          case 4 -> t.delete(new Delete(row));
          default -> t.put(new Put(row).addColumn(D, q, ts, Bytes.toBytes("v" + ts))
              .addColumn(D, Bytes.toBytes("x"), ts, Bytes.toBytes(random.nextLong())));
        }
        ops.incrementAndGet();
      }
    } catch (Throwable e) {
      failure = e;
    }
  }
}
