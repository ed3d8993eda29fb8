package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbasetunnel.testing.TestCluster;
import io.hbasetunnel.testing.TestData;
import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.schema.SchemaCopier;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.hbase.KeepDeletedCells;
import org.apache.hadoop.hbase.MiniHBaseCluster;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault at once, with compactions on on both sides: three writers write puts with explicit
 * versions, every delete kind, same-timestamp overwrites, a 6 MB cell and 300 cells whose per-cell
 * TTL had expired when written, into an empty table synced by `worker wal-sync` (a child JVM),
 * while both clusters flush and compact on their own, the destination is major-compacted, the
 * source once too, the worker is SIGKILLed and restarted, 8 regions move between the source's two
 * region servers, and one source region server is aborted and a new one started. Within 60 s of
 * the last write readers see the same table on both sides (tags compared), and after a flush and
 * major compaction of both, every raw cell is the same.
 *
 * <p>The writers respect "deletes mask puts": a delete marker masks every put at or below its
 * timestamp, even one written after it, until a major compaction removes the marker. The two
 * clusters compact at different moments, so a put written at or below an existing marker would
 * make them differ legitimately. Each writer owns its rows, its timestamps only increase and
 * stay ahead of the server clock (whole-row deletes are stamped with the server's time), every
 * delete is stamped below the writer's next timestamp, and a same-timestamp overwrite follows
 * its own put directly, never a delete.
 */
class WalSyncFaultScenarioTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters().sourceRegionServers(2);

  private static final byte[] D = Bytes.toBytes("d");
  /** KEEP_DELETED_CELLS=TRUE: family deletes go here. */
  private static final byte[] K = Bytes.toBytes("k");
  private static final byte[] EXPIRED = Bytes.toBytes("expired");
  private static final int WRITERS = 3;
  private static final int ROWS_PER_WRITER = 200;
  private static final int REGIONS = 8;
  private static final int EXPIRED_PER_WRITER = 100;
  private static final int BIG_CELL_BYTES = 6 << 20;

  @TempDir
  static Path work;

  @Test
  void concurrentWritersEveryDeleteKindCompactionsWorkerKillRegionMovesAndAServerCrash() throws Exception {
    long began = System.nanoTime();
    // compactions stay on (the default) on both clusters
    SyncWorkers workers = SyncWorkers.withCompactions(CLUSTERS, work);
    SourceWals wals = new SourceWals(CLUSTERS.source());
    TableName table = CLUSTERS.source().createTable("faults")
        .family("d", f -> f.setMaxVersions(100))
        .family("k", f -> f.setMaxVersions(100).setKeepDeletedCells(KeepDeletedCells.TRUE))
        .splits(TestTable.evenSplits(REGIONS, WRITERS * ROWS_PER_WRITER)).create();
    new SchemaCopier(CLUSTERS.source().connection(), CLUSTERS.destination().connection()).copy(table, table, Set.of(), null);
    try (Admin admin = CLUSTERS.source().admin()) {
      // the test moves the regions itself
      admin.balancerSwitch(false, true);
    }
    MiniHBaseCluster source = CLUSTERS.source().util().getMiniHBaseCluster();

    long start = System.currentTimeMillis();
    Path status = work.resolve("faults.json");
    // a fixed worker id, as a pod keeps its name over a container restart: its leases come back at once
    String[] sameWorker = {"--worker-id", "pod-0", "--lease-ms", "60000"};
    WorkerProcess sync = workers.walSync("wal-faults", "faults", start, status, sameWorker);

    try (Connection src = Connections.open("source", CLUSTERS.source().conf());
        Connection dst = Connections.open("destination", CLUSTERS.destination().conf());
        Flusher flusher = new Flusher(table)) {
      List<Writer> writers = new ArrayList<>();
      for (int id = 0; id < WRITERS; id++) {
        writers.add(new Writer(id, src, table, 100 + id));
      }
      await().atMost(Duration.ofMinutes(2)).until(() -> SyncWorkers.offset(status) > 0);

      awaitOps(writers, 600);
      List<ServerName> moved = new ArrayList<>();
      moveRegions(table, 0, 4, moved);
      awaitOps(writers, 1500);
      // the source compacts at another moment than the destination
      CLUSTERS.source().util().compact(table, true);

      // halfway: SIGKILL and restart
      sync.kill();
      Files.deleteIfExists(status);
      sync = workers.walSync("wal-faults", "faults", start, status, sameWorker);
      long restarted = System.nanoTime();
      // the status is written after the first poll, which applies the backlog since the last checkpoint
      WorkerProcess restartedSync = sync;
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(SyncWorkers.streams(status))
          .as("restarted worker's status %s, output:%n%s", SyncWorkers.status(status), restartedSync.outputText())
          .isEqualTo(2));
      double restartSeconds = (System.nanoTime() - restarted) / 1e9;

      moveRegions(table, 4, 8, moved);
      awaitOps(writers, 2500);
      // while the sync applies
      CLUSTERS.destination().util().compact(table, true);

      ServerName crashed = source.getRegionServer(0).getServerName();
      source.abortRegionServer(0);
      source.waitOnRegionServer(0);
      ServerName started = source.startRegionServer().getRegionServer().getServerName();
      // the crashed server's regions (hbase:meta among them, maybe) open again before the test's
      // own flushes below: a table flush asked for while its regions are still in transition
      // waited out the client's 10-minute limit once (HBase's FlushTableProcedure, not the sync)
      await().atMost(Duration.ofSeconds(180))
          .until(() -> !source.getMaster().getServerManager().areDeadServersInProgress());
      CLUSTERS.source().util().waitUntilNoRegionsInTransition(180_000);
      awaitOps(writers, 4000);
      wals.rollAll();
      for (Writer writer : writers) {
        writer.close();
      }
      long lastWrite = System.nanoTime();
      flusher.close();

      // readers see the same table on both sides (every version, tags included) within 60 s of the last write
      TableVerifier visible = new TableVerifier(src, dst).mode(TableVerifier.Mode.VISIBLE);
      WorkerProcess running = sync;
      AtomicReference<VerifyReport> last = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        assertThat(running.isAlive()).as(running.outputText()).isTrue();
        VerifyReport compared = visible.verify(table, table, Set.of());
        last.set(compared);
        assertThat(compared.identical()).as(compared.summary()).isTrue();
      });
      VerifyReport report = last.get();
      double equalAfter = (System.nanoTime() - lastWrite) / 1e9;

      long ops = writers.stream().mapToLong(Writer::ops).sum();
      AtomicLongArray kinds = new AtomicLongArray(Kind.values().length);
      writers.forEach(w -> {
        for (int i = 0; i < kinds.length(); i++) {
          kinds.addAndGet(i, w.kinds.get(i));
        }
      });
      for (Kind kind : Kind.values()) {
        assertThat(kinds.get(kind.ordinal())).as("%s written", kind).isPositive();
      }
      assertThat(kinds.get(Kind.EXPIRED_TTL.ordinal())).isEqualTo(WRITERS * EXPIRED_PER_WRITER);
      assertThat(kinds.get(Kind.BIG_CELL.ordinal())).isEqualTo(1);
      try (Table t = dst.getTable(table); ResultScanner scanner = t.getScanner(new Scan().addColumn(D, EXPIRED))) {
        assertThat(scanner.next()).as("cells expired when written stay hidden").isNull();
      }
      try (Table t = dst.getTable(table)) {
        Result big = t.get(new Get(writers.get(0).bigRow).addColumn(D, Bytes.toBytes("big")));
        assertThat(big.getValue(D, Bytes.toBytes("big"))).hasSize(BIG_CELL_BYTES);
      }
      String state = SyncWorkers.status(status).toString();
      System.out.printf("fault scenario: %d writer ops %s, %d visible cells equal %.1f s after the last write"
          + " (%d explained by flush timing); restarted worker polled both streams after %.1f s; moves %s; crashed %s, started %s; status %s%n", ops, kindsText(kinds),
          report.sourceCells(), equalAfter, report.uncoveredByFlushTiming(), restartSeconds, moved, crashed, started, state);

      // and cell for cell once both sides have flushed and major-compacted
      for (TestCluster cluster : List.of(CLUSTERS.source(), CLUSTERS.destination())) {
        SyncWorkers.compactFully(cluster, table);
      }
      VerifyReport raw = new TableVerifier(src, dst).verify(table, table, Set.of());
      assertThat(raw.identical()).as(raw.summary()).isTrue();
      System.out.printf("fault scenario: raw after major compaction of both: %d cells equal; test took %.0f s%n",
          raw.sourceCells(), (System.nanoTime() - began) / 1e9);
    } finally {
      sync.kill();
    }
    workers.releasePin("wal-faults");
  }

  private static String kindsText(AtomicLongArray kinds) {
    Map<Kind, Long> counts = new java.util.EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      counts.put(kind, kinds.get(kind.ordinal()));
    }
    return counts.toString();
  }

  private static void awaitOps(List<Writer> writers, long total) {
    await().atMost(Duration.ofMinutes(1)).until(() -> {
      for (Writer writer : writers) {
        writer.check();
      }
      return writers.stream().mapToLong(Writer::ops).sum() > total;
    });
  }

  /** Moves regions [from, to) of the table (in key order) each to the other of the source's two servers. */
  private static void moveRegions(TableName table, int from, int to, List<ServerName> moved) throws Exception {
    try (Admin admin = CLUSTERS.source().admin();
        RegionLocator locator = CLUSTERS.source().connection().getRegionLocator(table)) {
      List<ServerName> servers = admin.getRegionServers().stream()
          .sorted(Comparator.comparing(ServerName::toString)).toList();
      assertThat(servers).hasSize(2);
      List<RegionInfo> regions = admin.getRegions(table).stream()
          .sorted(Comparator.comparing(RegionInfo::getStartKey, Bytes::compareTo)).toList();
      for (int i = from; i < to; i++) {
        RegionInfo region = regions.get(i);
        ServerName at = locator.getRegionLocation(region.getStartKey(), true).getServerName();
        ServerName target = servers.get(0).equals(at) ? servers.get(1) : servers.get(0);
        admin.move(region.getEncodedNameAsBytes(), target);
        await().atMost(Duration.ofSeconds(30)).until(
            () -> locator.getRegionLocation(region.getStartKey(), true).getServerName().equals(target));
        moved.add(target);
        Thread.sleep(200);
      }
    }
  }

  /** Flushes both sides every 2 s, so that store files pile up and both clusters compact on their own. */
  private static final class Flusher implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Flusher(TableName table) {
      thread = new Thread(() -> {
        while (!stop.get()) {
          for (var cluster : List.of(CLUSTERS.source(), CLUSTERS.destination())) {
            try (Admin admin = cluster.admin()) {
              admin.flush(table);
            } catch (Exception e) {
              // a region in transition (move, crash): the next round flushes it
            }
          }
          try {
            Thread.sleep(2000);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "flusher");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }

  enum Kind { PUT, OVERWRITE, DELETE_VERSION, DELETE_COLUMN, DELETE_FAMILY_KEEP_DELETED, DELETE_FAMILY_VERSION, DELETE_ROW,
    EXPIRED_TTL, BIG_CELL }

  /** One writer thread on its own rows (every WRITERS-th row), timestamps increasing and ahead of the clock. */
  private static final class Writer implements AutoCloseable {
    private final int id;
    private final Connection connection;
    private final TableName table;
    private final Random random;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLongArray kinds = new AtomicLongArray(Kind.values().length);
    private final Map<String, Long> lastPutOfCell = new HashMap<>();
    private final Map<Integer, Long> lastPutOfRow = new HashMap<>();
    private final Thread thread;
    final byte[] bigRow;
    private volatile Throwable failure;
    private int expired;
    private long ts;

    Writer(int id, Connection connection, TableName table, long seed) {
      this.id = id;
      this.connection = connection;
      this.table = table;
      this.random = new Random(seed);
      this.bigRow = Bytes.toBytes(TestData.rowKey(id + (long) WRITERS * (ROWS_PER_WRITER / 2)) + "-big");
      this.thread = new Thread(this::run, "writer-" + id);
      thread.start();
    }

    long ops() {
      return ops.get();
    }

    void check() {
      if (failure != null) {
        throw new AssertionError("writer " + id + " failed", failure);
      }
    }

    @Override
    public void close() throws Exception {
      stop.set(true);
      thread.join();
      check();
    }

    private byte[] row(int i) {
      return Bytes.toBytes(TestData.rowKey(id + (long) WRITERS * i));
    }

    private void run() {
      ts = System.currentTimeMillis();
      try (Table t = connection.getTable(table)) {
        while (!stop.get()) {
          step(t);
          ops.incrementAndGet();
        }
        while (expired < EXPIRED_PER_WRITER) {
          writeExpired(t);
        }
        if (id == 0 && kinds.get(Kind.BIG_CELL.ordinal()) == 0) {
          writeBig(t);
        }
      } catch (Throwable e) {
        failure = e;
      }
    }

    private long nextTs() {
      // increasing, and ahead of the server's clock: a whole-row delete stamped with the server's
      // time never masks a put written after it
      ts = Math.max(ts + 1, System.currentTimeMillis() + 1);
      return ts;
    }

    private void step(Table t) throws Exception {
      long now = nextTs();
      int i = random.nextInt(ROWS_PER_WRITER);
      byte[] row = row(i);
      String q = "q" + random.nextInt(3);
      byte[] qualifier = Bytes.toBytes(q);
      int pick = random.nextInt(40);
      switch (pick) {
        case 0, 1 -> {
          Long last = lastPutOfCell.get(i + "/" + q);
          if (last != null) {
            t.delete(new Delete(row).addColumn(D, qualifier, last));
            kinds.incrementAndGet(Kind.DELETE_VERSION.ordinal());
          }
        }
        case 2 -> {
          // every version at or below: all earlier puts of the cell
          t.delete(new Delete(row).addColumns(D, qualifier, now - 1));
          kinds.incrementAndGet(Kind.DELETE_COLUMN.ordinal());
        }
        case 3 -> {
          t.delete(new Delete(row).addFamily(K, now - 1));
          kinds.incrementAndGet(Kind.DELETE_FAMILY_KEEP_DELETED.ordinal());
        }
        case 4 -> {
          Long last = lastPutOfRow.get(i);
          if (last != null) {
            t.delete(new Delete(row).addFamilyVersion(D, last));
            kinds.incrementAndGet(Kind.DELETE_FAMILY_VERSION.ordinal());
          }
        }
        case 5 -> {
          // stamped with the server's time, below every later timestamp of this writer
          t.delete(new Delete(row));
          kinds.incrementAndGet(Kind.DELETE_ROW.ordinal());
        }
        case 6, 7 -> {
          // the same cells at the same timestamp twice in a row: the second write wins
          t.put(put(row, qualifier, now, "first-" + now));
          t.put(put(row, qualifier, now, "second-" + now));
          remember(i, q, now);
          kinds.incrementAndGet(Kind.OVERWRITE.ordinal());
        }
        case 8 -> {
          if (expired < EXPIRED_PER_WRITER) {
            writeExpired(t);
          }
        }
        case 9 -> {
          if (id == 0 && ops.get() > 200 && kinds.get(Kind.BIG_CELL.ordinal()) == 0) {
            writeBig(t);
          }
        }
        default -> {
          t.put(put(row, qualifier, now, "v" + now).addColumn(D, Bytes.toBytes("x"), now, Bytes.toBytes(random.nextLong())));
          remember(i, q, now);
          kinds.incrementAndGet(Kind.PUT.ordinal());
        }
      }
    }

    private static Put put(byte[] row, byte[] qualifier, long ts, String value) {
      return new Put(row).addColumn(D, qualifier, ts, Bytes.toBytes(value)).addColumn(K, qualifier, ts, Bytes.toBytes(value));
    }

    private void remember(int i, String q, long at) {
      lastPutOfCell.put(i + "/" + q, at);
      lastPutOfRow.put(i, at);
    }

    /**
     * Ten cells whose TTL had expired when written (own rows, never deleted: a cell the source
     * never shows, and the destination must not either), and a live one with a TTL tag.
     */
    private void writeExpired(Table t) throws Exception {
      long old = System.currentTimeMillis() - 60_000;
      List<Put> puts = new ArrayList<>();
      for (int n = 0; n < 10 && expired < EXPIRED_PER_WRITER; n++, expired++) {
        byte[] row = Bytes.toBytes(TestData.rowKey(id + (long) WRITERS * (expired * 2 % ROWS_PER_WRITER)) + "-ttl-" + expired);
        puts.add(new Put(row).addColumn(D, EXPIRED, old, Bytes.toBytes(expired)).setTTL(1_000));
        puts.add(new Put(row).addColumn(D, Bytes.toBytes("ttl-1h"), nextTs(), Bytes.toBytes(expired)).setTTL(3_600_000));
        kinds.incrementAndGet(Kind.EXPIRED_TTL.ordinal());
      }
      t.put(puts);
    }

    private void writeBig(Table t) throws Exception {
      byte[] value = new byte[BIG_CELL_BYTES];
      random.nextBytes(value);
      t.put(new Put(bigRow).addColumn(D, Bytes.toBytes("big"), nextTs(), value));
      kinds.incrementAndGet(Kind.BIG_CELL.ordinal());
    }
  }
}
