package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbasetunnel.testing.TestData;
import io.hbasetunnel.testing.TwoHBaseClusters;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync's races with its own leases, forced in-process with 1 s leases and a pause at the
 * moment that matters (after a batch was read, before it is applied): a poll that outlives its
 * lease must not make a stream resume anywhere but at its checkpoint, and a batch read before
 * another worker took the stream must not land over what that worker applied since.
 */
class WalLeaseRaceTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters().sourceRegionServers(2);

  private static final long LEASE_MS = 1000;
  private static final byte[] D = Bytes.toBytes("d");
  private static final byte[] Q = Bytes.toBytes("q");

  @TempDir
  static Path work;

  private static SyncWorkers workers;

  @BeforeAll
  static void configs() throws Exception {
    workers = SyncWorkers.between(CLUSTERS, work);
  }

  @Test
  void aPollThatOutlivesItsLeaseResumesEveryStreamAtItsCheckpointNotAtItsOldestWal() throws Exception {
    TableName table = workers.createSynced("outlived");
    long start = System.currentTimeMillis();
    try (WalCheckpointStore store = new WalCheckpointStore(CLUSTERS.destination().connection(), "wal-outlived")) {
      WalSync sync = worker(store, "outlived", "w", start);
      // small batches: a stream re-read from its oldest WAL would checkpoint somewhere in it
      sync.maxEntriesPerStream(3);
      write(table, 0, 30);
      new SourceWals(CLUSTERS.source()).rollAll();
      write(table, 30, 60);
      pollUntilIdle(sync);
      Map<String, WalPosition> before = store.read().positions();
      assertThat(before).hasSize(2);

      // the first stream of the next poll takes longer than the lease: the other one is not read this round
      AtomicBoolean slow = new AtomicBoolean();
      sync.afterRead(file -> {
        if (slow.compareAndSet(false, true)) {
          sleep(LEASE_MS * 3 / 2);
        }
      });
      sync.poll();
      assertThat(slow).isTrue();

      List<Map<String, WalPosition>> seen = new ArrayList<>(List.of(before));
      for (int i = 0; i < 10; i++) {
        sync.poll();
        seen.add(store.read().positions());
      }
      for (int i = 1; i < seen.size(); i++) {
        for (Map.Entry<String, WalPosition> now : seen.get(i).entrySet()) {
          WalPosition earlier = seen.get(i - 1).get(now.getKey());
          assertThat(now.getValue().isBefore(earlier)).as("checkpoint of %s moved back from %s to %s", now.getKey(),
              earlier, now.getValue()).isFalse();
        }
      }
    }
  }

  @Test
  void aBatchReadBeforeAnotherWorkerTookTheStreamIsNotAppliedOverThatWorkersEdits() throws Exception {
    TableName table = workers.createSynced("stale");
    long start = System.currentTimeMillis();
    byte[] row = Bytes.toBytes(TestData.rowKey(7));
    String stream = streamOf(table, row);
    try (WalCheckpointStore first = new WalCheckpointStore(CLUSTERS.destination().connection(), "wal-stale");
        WalCheckpointStore second = new WalCheckpointStore(CLUSTERS.destination().connection(), "wal-stale")) {
      WalSync a = worker(first, "stale", "a", start);
      WalSync b = worker(second, "stale", "b", start);
      pollUntilIdle(a);
      put(table, row, "old");

      // right after a has read "old": "new" is written over it (same cell, same timestamp), a's lease
      // runs out, b takes the stream and applies both
      AtomicBoolean raced = new AtomicBoolean();
      a.afterRead(file -> {
        if (file.stream().equals(stream) && raced.compareAndSet(false, true)) {
          put(table, row, "new");
          sleep(LEASE_MS * 3 / 2);
          await().atMost(Duration.ofSeconds(60)).until(() -> {
            b.poll();
            return "new".equals(destinationValue(table, row));
          });
        }
      });
      a.poll();

      assertThat(raced).isTrue();
      assertThat(destinationValue(table, row)).as("a's stale batch must not land after b's").isEqualTo("new");
      pollUntilIdle(b);
      assertThat(destinationValue(table, row)).isEqualTo("new");
    }
  }

  private static WalSync worker(WalCheckpointStore store, String tables, String id, long start) throws IOException {
    return new WalSync(CLUSTERS.source().conf(), CLUSTERS.destination().connection(), store,
        store.leases(id, LEASE_MS), new SyncCounters(), TableMapping.parse(tables), start, LEASE_MS / 2);
  }

  private static void pollUntilIdle(WalSync sync) throws Exception {
    int idle = 0;
    for (int i = 0; i < 200 && idle < 3; i++) {
      idle = sync.poll() == 0 ? idle + 1 : 0;
    }
  }

  private static void write(TableName table, int from, int to) throws IOException {
    try (Table t = CLUSTERS.source().table(table.getNameAsString())) {
      for (int i = from; i < to; i++) {
        // spread over the 4 regions, so over both servers
        t.put(new Put(Bytes.toBytes(TestData.rowKey(i * 6L % 200))).addColumn(D, Q, Bytes.toBytes("v" + i)));
      }
    }
  }

  private static void put(TableName table, byte[] row, String value) throws IOException {
    try (Table t = CLUSTERS.source().table(table.getNameAsString())) {
      t.put(new Put(row).addColumn(D, Q, 5L, Bytes.toBytes(value)));
    }
  }

  private static String destinationValue(TableName table, byte[] row) throws IOException {
    try (Table t = CLUSTERS.destination().table(table.getNameAsString())) {
      byte[] value = t.get(new Get(row)).getValue(D, Q);
      return value == null ? null : Bytes.toString(value);
    }
  }

  /** The WAL stream of the server hosting the row: its WAL prefix is the URL-encoded server name. */
  private static String streamOf(TableName table, byte[] row) throws IOException {
    try (RegionLocator locator = CLUSTERS.source().connection().getRegionLocator(table)) {
      return URLEncoder.encode(locator.getRegionLocation(row, true).getServerName().toString(), StandardCharsets.UTF_8);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
