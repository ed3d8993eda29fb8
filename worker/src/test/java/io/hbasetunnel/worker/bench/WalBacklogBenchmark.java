package io.hbasetunnel.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.replication.ReplicationPeerConfig;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up of a large backlog: writes made while both syncs were armed but not applying (ours:
 * `wal-sync --arm-only`; native: a peer added disabled), then replayed, first by `worker
 * wal-sync` (a child JVM with -Xmx1g), then by HBase's native replication (the peer enabled), into
 * two empty destination tables. Rate = WAL bytes written / time until every sampled row arrived.
 * Run by hand, once per source setting of replication.source.sleepforretries (default 1000, and 100):
 *
 * <pre>mvn -pl worker -am test -Pbench -Dtest=WalBacklogBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.backlog.mb=2048] [-Dbench.sleepforretries=100]</pre>
 */
@Tag("bench")
class WalBacklogBenchmark {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      .sourceSetting("replication.source.sleepforretries", System.getProperty("bench.sleepforretries", "1000"));

  private static final byte[] D = Bytes.toBytes("d");
  private static final int VALUE_BYTES = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;

  @Test
  void catchUpAgainstNativeReplication() throws Exception {
    long backlogMb = Long.getLong("bench.backlog.mb", 2048);
    TableName table = TableName.valueOf("backlog");
    TableName ours = TableName.valueOf("backlog_ours");
    byte[][] splits = {Bytes.toBytes("4"), Bytes.toBytes("8"), Bytes.toBytes("c")};
    TableDescriptor descriptor = TableDescriptorBuilder.newBuilder(table).setColumnFamily(
        ColumnFamilyDescriptorBuilder.newBuilder(D).setScope(HConstants.REPLICATION_SCOPE_GLOBAL).build()).build();
    try (Admin src = CLUSTERS.source().admin(); Admin dst = CLUSTERS.destination().admin()) {
      src.createTable(descriptor, splits);
      dst.createTable(descriptor, splits);
      dst.createTable(TableDescriptorBuilder.copy(ours, descriptor), splits);
      Configuration d = CLUSTERS.destination().conf();
      src.addReplicationPeer("native", ReplicationPeerConfig.newBuilder().setClusterKey(d.get(HConstants.ZOOKEEPER_QUORUM)
          + ":" + d.get(HConstants.ZOOKEEPER_CLIENT_PORT) + ":" + d.get(HConstants.ZOOKEEPER_ZNODE_PARENT)).build(), false);
    }
    Path srcConf = CLUSTERS.source().writeClientConfigDir(work);
    Path dstConf = CLUSTERS.destination().writeClientConfigDir(work);
    WorkerProcess arm = WorkerProcess.start(work, "-Xmx1g", WorkerProcess.withClusters(srcConf, dstConf, "wal-sync",
        "--sync-id", "backlog", "--tables", "backlog=backlog_ours", "--arm-only"));
    assertThat(arm.waitFor(300)).as(arm.outputText()).isZero();

    long walBefore = walBytes();
    long began = System.currentTimeMillis();
    long rows = write(table, backlogMb << 20);
    CLUSTERS.source().util().getMiniHBaseCluster().getRegionServer(0).getWalRoller().requestRollAll();
    long walWritten = walBytes() - walBefore;
    double writeSeconds = (System.currentTimeMillis() - began) / 1000.0;
    StringBuilder out = new StringBuilder(String.format("%nbacklog: %,d puts of %d-byte values, %,d MB of WAL, written"
        + " in %.1f s (%.1f MB/s into the source)%n", rows, VALUE_BYTES, walWritten >> 20, writeSeconds,
        (walWritten >> 20) / writeSeconds));

    Path status = work.resolve("status.json");
    long oursStart = System.currentTimeMillis();
    WorkerProcess sync = WorkerProcess.start(work, "-Xmx1g", WorkerProcess.withClusters(srcConf, dstConf, "wal-sync",
        "--sync-id", "backlog", "--tables", "backlog=backlog_ours", "--status-file", status.toString(),
        "--poll-ms", "10"));
    JsonNode last;
    try {
      awaitRows(ours, rows, sync);
      last = JSON.readTree(Files.readString(status));
      assertThat(sync.isAlive()).as("restarted during the replay:\n" + sync.outputText()).isTrue();
    } finally {
      sync.kill();
    }
    double oursSeconds = (System.currentTimeMillis() - oursStart) / 1000.0;

    long nativeStart = System.currentTimeMillis();
    try (Admin src = CLUSTERS.source().admin()) {
      src.enableReplicationPeer("native");
    }
    awaitRows(table, rows, null);
    double nativeSeconds = (System.currentTimeMillis() - nativeStart) / 1000.0;

    out.append(String.format("HBase Tunnel wal-sync (-Xmx1g, JVM start included): %.1f s = %.1f MB/s, %,.0f edits/s;"
        + " %s destination calls, %s batches retried smaller, last batch bound %s bytes%n", oursSeconds,
        (walWritten >> 20) / oursSeconds, rows / oursSeconds, last.path("destinationCalls"),
        last.path("batchesRetriedSmaller"), last.path("batchBytes")));
    out.append(String.format("native replication (peer enabled):                 %.1f s = %.1f MB/s, %,.0f edits/s%n",
        nativeSeconds, (walWritten >> 20) / nativeSeconds, rows / nativeSeconds));
    out.append(String.format("ratio (ours / native catch-up rate): %.2f%n", nativeSeconds / oursSeconds));
    System.out.println("sleepforretries=" + System.getProperty("bench.sleepforretries", "1000 (default)") + out);
  }

  /** The bytes of the source's WALs, live and archived (the pins keep every archived one). */
  private static long walBytes() throws Exception {
    Configuration conf = CLUSTERS.source().conf();
    org.apache.hadoop.fs.Path root = CommonFSUtils.getWALRootDir(conf);
    FileSystem fs = CommonFSUtils.getWALFileSystem(conf);
    long bytes = 0;
    for (String dir : new String[] {HConstants.HREGION_LOGDIR_NAME, HConstants.HREGION_OLDLOGDIR_NAME}) {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(root, dir);
      if (fs.exists(path)) {
        bytes += fs.getContentSummary(path).getLength();
      }
    }
    return bytes;
  }

  /** Puts rows of one {@link #VALUE_BYTES} cell until about {@code walBytes} are written; returns how many. */
  private static long write(TableName table, long walBytes) throws Exception {
    Random random = new Random(2024);
    long perPut = VALUE_BYTES + 60;
    long count = walBytes / perPut;
    try (BufferedMutator mutator = CLUSTERS.source().connection().getBufferedMutator(table)) {
      byte[] value = new byte[VALUE_BYTES];
      for (long i = 0; i < count; i++) {
        random.nextBytes(value);
        mutator.mutate(new Put(row(i)).addColumn(D, Bytes.toBytes("v"), value.clone()));
      }
    }
    return count;
  }

  /** Waits until every 1000th row and the last 2000 are on the destination; fails if {@code sync} dies first. */
  private static void awaitRows(TableName table, long rows, WorkerProcess sync) throws Exception {
    List<Get> sample = new ArrayList<>();
    for (long i = 0; i < rows; i += 1000) {
      sample.add(new Get(row(i)));
    }
    for (long i = Math.max(0, rows - 2000); i < rows; i++) {
      sample.add(new Get(row(i)));
    }
    long deadline = System.currentTimeMillis() + 3_600_000;
    try (Table t = CLUSTERS.destination().table(table.getNameAsString())) {
      while (System.currentTimeMillis() < deadline) {
        if (sync != null && !sync.isAlive()) {
          throw new AssertionError("wal-sync ended during the replay:\n" + sync.outputText());
        }
        List<Get> missing = new ArrayList<>();
        boolean[] exists = t.exists(sample);
        for (int k = 0; k < exists.length; k++) {
          if (!exists[k]) {
            missing.add(sample.get(k));
          }
        }
        if (missing.isEmpty()) {
          return;
        }
        sample = missing;
        Thread.sleep(200);
      }
    }
    throw new AssertionError(sample.size() + " sampled rows never reached " + table);
  }

  /** Spread over the four regions by a hash prefix. */
  private static byte[] row(long i) {
    return Bytes.toBytes(String.format("%08x-%010d", (int) (i * 0x9E3779B1L), i));
  }
}
