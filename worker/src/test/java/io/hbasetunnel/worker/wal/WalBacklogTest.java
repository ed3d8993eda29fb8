package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbasetunnel.testing.SharedClusters;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follow-on sync's backlog: edits written before the worker starts, replayed by `worker
 * wal-sync` as a child process. Large edits under a destination timeout that a whole batch of
 * them cannot meet arrive exactly, without the worker dying; a hot row's versions, same-timestamp
 * overwrites and deletes arrive exactly in far fewer destination calls than edits.
 */
@SharedClusters
class WalBacklogTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static final byte[] D = Bytes.toBytes("d");

  @TempDir
  static Path work;

  private static SyncWorkers workers;
  private static Path sourceConf;
  private static Path slowDestinationConf;

  @BeforeAll
  static void configs() throws Exception {
    workers = SyncWorkers.between(CLUSTERS, work);
    sourceConf = CLUSTERS.source().writeClientConfigDir(work);
    // a destination call must be answered within 1 s: a batch of tens of MB cannot be, a few MB can
    Path destination = CLUSTERS.destination().writeClientConfigDir(work);
    Configuration conf = new Configuration(false);
    conf.addResource(new org.apache.hadoop.fs.Path(destination.resolve("hbase-site.xml").toUri()));
    conf.setLong(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, 1000);
    slowDestinationConf = Files.createDirectories(work.resolve("slow-destination-conf"));
    try (var out = Files.newOutputStream(slowDestinationConf.resolve("hbase-site.xml"))) {
      conf.writeXml(out);
    }
  }

  @Test
  void aBacklogOfLargeEditsCatchesUpUnderASmallDestinationTimeout() throws Exception {
    TableName table = workers.createSynced("large");
    long start = System.currentTimeMillis() - 1000;
    Random random = new Random(24);
    int rows = 24;
    int versions = 3;
    long bytes = 0;
    try (Table t = CLUSTERS.source().table("large")) {
      // version by version over all rows: consecutive edits are of different rows, so the original
      // code put a whole round of rows (tens of MB) into one destination call
      for (int v = 0; v < versions; v++) {
        for (int r = 0; r < rows; r++) {
          byte[] value = new byte[(1 << 20) + random.nextInt(3 << 20)];
          random.nextBytes(value);
          bytes += value.length;
          t.put(new Put(Bytes.toBytes(String.format("big-%03d", r))).addColumn(D, Bytes.toBytes("v"), 1000L + v, value));
        }
      }
      t.delete(new Delete(Bytes.toBytes("big-003")).addColumn(D, Bytes.toBytes("v"), 1001L));
    }
    Path status = work.resolve("large.json");
    WorkerProcess sync = start("wal-large", "large", start, status);
    try {
      // the original code: "SocketTimeoutException: time out before the actionsInProgress changed to zero",
      // exit 1, and a restart would read the same batch again
      await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2))
          .failFast("the worker ended", () -> assertThat(sync.isAlive()).as(sync.outputText()).isTrue()).untilAsserted(() -> {
        JsonNode state = SyncWorkers.status(status);
        assertThat(state.path("tables").path("default:large").path("puts").asLong()).isEqualTo(rows * versions);
      });
      workers.awaitEqual(List.of(sync), table);
      JsonNode state = SyncWorkers.status(status);
      System.out.printf("large backlog: %d MB in %d puts; status %s%n", bytes >> 20, rows * versions, state);
      assertThat(sync.isAlive()).as(sync.outputText()).isTrue();
      assertThat(state.path("backlogBytes").isNumber()).as(state.toString()).isTrue();
    } finally {
      sync.kill();
    }
  }

  @Test
  void aHotRowsVersionsOverwritesAndDeletesArriveInOrderInFewCalls() throws Exception {
    TableName table = workers.createSynced("hot");
    long start = System.currentTimeMillis() - 1000;
    byte[] hot = Bytes.toBytes("hot");
    byte[] same = Bytes.toBytes("same");
    long base = System.currentTimeMillis() - 3_600_000;
    int edits = 0;
    try (Table t = CLUSTERS.source().table("hot")) {
      for (int i = 0; i < 1200; i++) {
        long ts = base + i;
        byte[] q = Bytes.toBytes("q" + i % 3);
        switch (i % 20) {
          // the same cell at the same timestamp again: the WAL order decides which value stays
          case 0 -> t.put(new Put(hot).addColumn(D, same, base, Bytes.toBytes("same-" + i)));
          case 1 -> t.delete(new Delete(hot).addColumn(D, q, ts - 3));
          case 2 -> t.delete(new Delete(hot).addColumns(D, q, ts - 5));
          case 3 -> t.delete(new Delete(hot).addFamilyVersion(D, ts - 2));
          // a put older than a delete already written: masked on both sides
          case 4 -> t.put(new Put(hot).addColumn(D, q, ts - 30, Bytes.toBytes("old-" + i)));
          case 5 -> t.delete(i % 200 == 5 ? new Delete(hot).addFamily(D, ts - 10) : new Delete(hot).addColumn(D, q, ts - 1));
          default -> t.put(new Put(hot).addColumn(D, q, ts, Bytes.toBytes("v" + i))
              .addColumn(D, Bytes.toBytes("x"), ts, Bytes.toBytes(i)));
        }
        edits++;
        if (i % 3 == 0) {
          t.put(new Put(Bytes.toBytes("warm-" + i % 4)).addColumn(D, q, ts, Bytes.toBytes(i)));
          edits++;
        }
      }
    }
    Path status = work.resolve("hot.json");
    WorkerProcess sync = workers.walSync("wal-hot", "hot", start, status);
    try {
      workers.awaitEqual(List.of(sync), table);
      JsonNode state = SyncWorkers.status(status);
      System.out.printf("hot row: %d edits; status %s%n", edits, state);
      // one call per edit before: now one per run of edits that may share a sequence id
      assertThat(state.path("destinationCalls").asLong()).as(state.toString()).isBetween(1L, (long) edits / 4);
    } finally {
      sync.kill();
    }
  }

  private static WorkerProcess start(String syncId, String tables, long start, Path status) throws IOException {
    return WorkerProcess.start(work, "-Xmx512m", WorkerProcess.withClusters(sourceConf, slowDestinationConf, "wal-sync",
        "--sync-id", syncId, "--tables", tables, "--start-time", String.valueOf(start), "--status-file",
        status.toString(), "--poll-ms", "50"));
  }
}
