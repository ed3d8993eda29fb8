package io.hbasetunnel.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.replication.ReplicationPeerConfig;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental sync lag and throughput, ours (`worker wal-sync` as a child JVM) against HBase's
 * native replication, on the same writes to the same clusters in one run. Run by hand, once per
 * source setting of replication.source.sleepforretries (default 1000, and 100):
 *
 * <pre>mvn -pl worker -am test -Pbench -Dtest=WalSyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.sleepforretries=100]</pre>
 */
@Tag("bench")
class WalSyncBenchmark {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      .sourceSetting("replication.source.sleepforretries", System.getProperty("bench.sleepforretries", "1000"));

  private static final byte[] D = Bytes.toBytes("d");
  private static final byte[] Q = Bytes.toBytes("t");

  @TempDir
  static Path work;

  @Test
  void lagAndThroughputAgainstNativeReplication() throws Exception {
    TableName table = TableName.valueOf("lag");
    TableName ours = TableName.valueOf("lag_ours");
    try (Admin src = CLUSTERS.source().admin(); Admin dst = CLUSTERS.destination().admin()) {
      var descriptor = TableDescriptorBuilder.newBuilder(table).setColumnFamily(
          org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder.newBuilder(D).setScope(HConstants.REPLICATION_SCOPE_GLOBAL).build()).build();
      src.createTable(descriptor);
      dst.createTable(descriptor);
      dst.createTable(TableDescriptorBuilder.copy(ours, descriptor));
      Configuration d = CLUSTERS.destination().conf();
      src.addReplicationPeer("native", ReplicationPeerConfig.newBuilder().setClusterKey(d.get(HConstants.ZOOKEEPER_QUORUM)
          + ":" + d.get(HConstants.ZOOKEEPER_CLIENT_PORT) + ":" + d.get(HConstants.ZOOKEEPER_ZNODE_PARENT)).build());
    }
    Path srcConf = CLUSTERS.source().writeClientConfigDir(work);
    Path dstConf = CLUSTERS.destination().writeClientConfigDir(work);
    WorkerProcess sync = WorkerProcess.start(work, "-Xmx512m", WorkerProcess.withClusters(srcConf, dstConf, "wal-sync",
        "--sync-id", "bench", "--tables", "lag=lag_ours", "--start-time", String.valueOf(System.currentTimeMillis() - 1000),
        "--poll-ms", "10"));
    try {
      // warm up both paths until a first row arrives
      write(table, "warm", 0, 1, new ConcurrentHashMap<>());
      awaitRows(ours, "warm", 1, 120_000);
      awaitRows(table, "warm", 1, 120_000);

      StringBuilder out = new StringBuilder("\n| load | path | lag p50 ms | lag p99 ms | lag max ms |\n|---|---|---|---|---|\n");
      for (int rate : new int[] {50, 500}) {
        String prefix = "r" + rate;
        Map<Integer, Long> written = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var oursLags = pool.submit(() -> lags(ours, prefix, written, done));
        var nativeLags = pool.submit(() -> lags(table, prefix, written, done));
        write(table, prefix, rate, rate * 20, written);
        done.set(true);
        Lags lagsOurs = oursLags.get();
        Lags lagsNative = nativeLags.get();
        pool.shutdown();
        out.append(String.format("| %d puts/s x 20 s | HBase Tunnel wal-sync | %d | %d | %d |%n", rate, lagsOurs.p50, lagsOurs.p99, lagsOurs.max));
        out.append(String.format("| %d puts/s x 20 s | native replication | %d | %d | %d |%n", rate, lagsNative.p50, lagsNative.p99, lagsNative.max));
      }
      // throughput: a burst as fast as the source takes it, then the time until the last row arrived
      int burst = 50_000;
      long start = System.currentTimeMillis();
      writeBatched(table, "burst", burst);
      long written = System.currentTimeMillis();
      long oursDone = awaitRows(ours, "burst", burst, 600_000);
      long nativeDone = awaitRows(table, "burst", burst, 600_000);
      out.append(String.format("%nburst of %d puts written in %.1f s (%.0f puts/s into the source)%n", burst,
          (written - start) / 1000.0, burst * 1000.0 / (written - start)));
      out.append(String.format("HBase Tunnel wal-sync: all applied after %.1f s = %.0f puts/s%n", (oursDone - start) / 1000.0,
          burst * 1000.0 / (oursDone - start)));
      out.append(String.format("native replication:    all applied after %.1f s = %.0f puts/s%n", (nativeDone - start) / 1000.0,
          burst * 1000.0 / (nativeDone - start)));
      out.append(String.format("ratio (ours / native throughput): %.2f%n", (double) (nativeDone - start) / (oursDone - start)));
      System.out.println("sleepforretries=" + System.getProperty("bench.sleepforretries", "1000 (default)") + out);
    } finally {
      sync.kill();
    }
  }

  record Lags(long p50, long p99, long max) {}

  /** Puts {@code count} rows at {@code rate}/s, recording each row's write time in {@code written}. */
  private static void write(TableName table, String prefix, int rate, int count, Map<Integer, Long> written) throws Exception {
    try (Table t = CLUSTERS.source().table(table.getNameAsString())) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        if (rate > 0) {
          long due = start + (long) (i * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        long now = System.currentTimeMillis();
        t.put(new Put(row(prefix, i)).addColumn(D, Q, Bytes.toBytes(now)));
        written.put(i, now);
      }
    }
  }

  private static void writeBatched(TableName table, String prefix, int count) throws IOException {
    try (var mutator = CLUSTERS.source().connection().getBufferedMutator(table)) {
      for (int i = 0; i < count; i++) {
        mutator.mutate(new Put(row(prefix, i)).addColumn(D, Q, Bytes.toBytes(System.currentTimeMillis())));
      }
    }
  }

  /** Polls the destination, while the writer writes, for every written row; lag = first seen - written. */
  private static Lags lags(TableName table, String prefix, Map<Integer, Long> written,
      java.util.concurrent.atomic.AtomicBoolean writerDone) throws Exception {
    List<Long> lags = new ArrayList<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    long deadline = System.currentTimeMillis() + 300_000;
    try (Table t = CLUSTERS.destination().table(table.getNameAsString())) {
      while ((!writerDone.get() || seen.size() < written.size()) && System.currentTimeMillis() < deadline) {
        Map<Integer, Long> pending = new java.util.HashMap<>(written);
        pending.keySet().removeAll(seen);
        List<Integer> keys = new ArrayList<>(pending.keySet());
        List<Get> gets = keys.stream().map(i -> new Get(row(prefix, i)).addColumn(D, Q)).toList();
        boolean[] exists = t.exists(gets);
        long now = System.currentTimeMillis();
        for (int k = 0; k < keys.size(); k++) {
          if (exists[k]) {
            lags.add(now - pending.get(keys.get(k)));
            seen.add(keys.get(k));
          }
        }
        Thread.sleep(5);
      }
    }
    assertThat(seen).as("rows that arrived in " + table).hasSize(written.size());
    Collections.sort(lags);
    return new Lags(lags.get(lags.size() / 2), lags.get((int) (lags.size() * 0.99)), lags.get(lags.size() - 1));
  }

  private static long awaitRows(TableName table, String prefix, int count, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    try (Table t = CLUSTERS.destination().table(table.getNameAsString())) {
      while (System.currentTimeMillis() < deadline) {
        if (t.exists(new Get(row(prefix, count - 1)))) {
          // the last row is there; check that all are
          int missing = 0;
          for (int i = 0; i < count; i += Math.max(1, count / 1000)) {
            if (!t.exists(new Get(row(prefix, i)))) {
              missing++;
            }
          }
          if (missing == 0) {
            return System.currentTimeMillis();
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError(count + " rows of " + prefix + " did not all reach " + table);
  }

  private static byte[] row(String prefix, int i) {
    return Bytes.toBytes(prefix + "-" + String.format("%08d", i));
  }
}
