package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.schema.SchemaCopier;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `worker wal-sync` as a real child process between two real clusters: a writer keeps writing
 * (puts, versions, every delete kind) while WALs roll, the worker is SIGKILLed and restarted, a
 * source region server crashes; the destination ends cell-for-cell equal. Plus the WAL pin under
 * an aggressive log cleaner, and the loud failure when a WAL has vanished.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalSyncTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      .sourceRegionServers(2)
      // archived WALs become deletable after 1 s, checked every second: only the pin keeps them
      .sourceSetting("hbase.master.logcleaner.ttl", "1000")
      .sourceSetting("hbase.master.cleaner.interval", "1000");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] D = Bytes.toBytes("d");

  @TempDir
  static Path work;

  private static Path sourceConf;
  private static Path destinationConf;

  @BeforeAll
  static void configs() throws Exception {
    sourceConf = CLUSTERS.source().writeClientConfigDir(work);
    destinationConf = CLUSTERS.destination().writeClientConfigDir(work);
    for (var cluster : List.of(CLUSTERS.source(), CLUSTERS.destination())) {
      try (Admin admin = cluster.admin()) {
        // compactions would drop delete markers on one side at another time than on the other
        admin.compactionSwitch(false, List.of());
      }
    }
  }

  @Test
  @Order(1)
  void everyEditArrivesThroughWalRollsAWorkerKillAndARegionServerCrash() throws Exception {
    TableName table = CLUSTERS.source().createTable("ws").family("d", f -> f.setMaxVersions(100))
        .splits(TestTable.evenSplits(4, 200)).create();
    new SchemaCopier(CLUSTERS.source().connection(), CLUSTERS.destination().connection()).copy(table, table, Set.of(), null);
    long start = System.currentTimeMillis();
    Path status = work.resolve("ws-status.json");
    WorkerProcess sync = walSync("wal-ws", "ws", start, status);

    Writer writer = new Writer(table);
    Thread writing = new Thread(writer::run, "writer");
    writing.start();
    await().atMost(Duration.ofMinutes(2)).until(() -> offset(status) > 0);
    rollAll();
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops.get() > 300);
    sync.kill();
    rollAll();
    sync = walSync("wal-ws", "ws", start, status);
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops.get() > 600);
    ServerName crashed = CLUSTERS.source().util().getMiniHBaseCluster().getRegionServer(0).getServerName();
    CLUSTERS.source().util().getMiniHBaseCluster().abortRegionServer(0);
    CLUSTERS.source().util().getMiniHBaseCluster().waitOnRegionServer(0);
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops.get() > 1000);
    rollAll();
    writer.stop.set(true);
    writing.join();
    assertThat(writer.failure).as("writer errors").isNull();

    // A flush drops the puts a delete marker masks when both are in one memstore, and the two
    // clusters flush at different moments: so readers' view must be equal, and in raw terms every
    // source cell and delete marker must be on the destination (it may still hold masked puts).
    TableVerifier visible = new TableVerifier(CLUSTERS.source().connection(), CLUSTERS.destination().connection())
        .mode(TableVerifier.Mode.VISIBLE);
    TableVerifier raw = new TableVerifier(CLUSTERS.source().connection(), CLUSTERS.destination().connection());
    WorkerProcess running = sync;
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      assertThat(running.isAlive()).as(running.outputText()).isTrue();
      VerifyReport report = visible.verify(table, table, Set.of());
      assertThat(report.identical()).as(report.summary()).isTrue();
    });
    VerifyReport rawReport = raw.verify(table, table, Set.of());
    assertThat(rawReport.missingInDestination()).as(rawReport.summary()).isZero();
    assertThat(rawReport.valueDiffers()).as(rawReport.summary()).isZero();
    VerifyReport report = visible.verify(table, table, Set.of());
    assertThat(rawReport.sourceCells()).isGreaterThan(1000);
    JsonNode state = JSON.readTree(Files.readString(status));
    assertThat(state.get("offset").asLong()).isGreaterThanOrEqualTo(start);
    assertThat(state.get("tables").get("default:ws").get("deletes").asLong()).isPositive();
    System.out.printf("wal-sync: %d writer ops, %d cells, crashed %s, status %s%n", writer.ops.get(),
        report.sourceCells(), crashed, state);

    sync.kill();
    WorkerProcess release = WorkerProcess.start(work, "-Xmx256m",
        WorkerProcess.withClusters(sourceConf, destinationConf, "release-pin", "--sync-id", "wal-ws"));
    assertThat(release.waitFor(120)).as(release.outputText()).isZero();
    assertThat(release.outputText()).contains("released WAL pin hbtwalws");
  }

  @Test
  @Order(2)
  void thePinKeepsArchivedWalsFromAnAggressiveCleanerUntilReleased() throws Exception {
    // without a pin, archived WALs go within seconds
    rollAll();
    await().atMost(Duration.ofSeconds(60)).until(() -> oldWals().isEmpty());

    Path status = work.resolve("pin.json");
    WorkerProcess sync = walSync("wal-pin", "ws", System.currentTimeMillis(), status);
    await().atMost(Duration.ofMinutes(1)).until(() -> pinExists("wal-pin"));
    try (Table t = CLUSTERS.source().table("ws")) {
      t.put(new Put(Bytes.toBytes("pin")).addColumn(D, Bytes.toBytes("q"), Bytes.toBytes(1)));
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> offset(status) > 0);
    sync.kill();
    rollAll();
    await().atMost(Duration.ofSeconds(30)).until(() -> !oldWals().isEmpty());
    List<String> kept = oldWals();
    Thread.sleep(6000);
    assertThat(oldWals()).as("archived WALs survive 6 cleaner runs with TTL 1 s").containsAll(kept);

    WorkerProcess release = WorkerProcess.start(work, "-Xmx256m",
        WorkerProcess.withClusters(sourceConf, destinationConf, "release-pin", "--sync-id", "wal-pin"));
    assertThat(release.waitFor(120)).as(release.outputText()).isZero();
    long released = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).until(() -> oldWals().stream().noneMatch(kept::contains));
    System.out.printf("after release-pin the pinned WALs were deleted in %.1f s%n", (System.nanoTime() - released) / 1e9);
  }

  @Test
  @Order(3)
  void aVanishedWalFailsTheSyncLoudlyNamingTheWal() throws Exception {
    Path status = work.resolve("gone.json");
    WorkerProcess sync = walSync("wal-gone", "ws", System.currentTimeMillis(), status);
    try (Table t = CLUSTERS.source().table("ws")) {
      for (int i = 0; i < 50; i++) {
        t.put(new Put(Bytes.toBytes("gone-" + i)).addColumn(D, Bytes.toBytes("q"), Bytes.toBytes(i)));
      }
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> offset(status) > 0);
    sync.kill();
    // the file the checkpoint points into is archived and then deleted behind the sync's back
    List<String> checkpointed = new java.util.ArrayList<>();
    new WalCheckpointStore(CLUSTERS.destination().connection(), "wal-gone").load().values()
        .forEach(p -> checkpointed.add(p.file()));
    assertThat(checkpointed).isNotEmpty();
    rollAll();
    FileSystem fs = CLUSTERS.source().fileSystem();
    org.apache.hadoop.fs.Path oldWals = new org.apache.hadoop.fs.Path(CommonFSUtils.getRootDir(CLUSTERS.source().conf()),
        HConstants.HREGION_OLDLOGDIR_NAME);
    // once archived (or already cleaned away), make sure it is gone
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      List<String> live = liveWals();
      return checkpointed.stream().noneMatch(live::contains);
    });
    for (String name : checkpointed) {
      fs.delete(new org.apache.hadoop.fs.Path(oldWals, name), false);
    }
    WorkerProcess restarted = walSync("wal-gone", "ws", System.currentTimeMillis(), status);
    assertThat(restarted.waitFor(120)).as(restarted.outputText()).isEqualTo(ExitCodes.WAL_MISSING);
    assertThat(restarted.outputText()).containsPattern("error: WAL \\S+ of region server stream \\S+ is gone")
        .contains("run a new full copy from a fresh snapshot").doesNotContain("\tat ");
  }

  // --- helpers ----------------------------------------------------------------------------

  private static WorkerProcess walSync(String id, String tables, long start, Path status) throws IOException {
    return WorkerProcess.start(work, "-Xmx512m", WorkerProcess.withClusters(sourceConf, destinationConf, "wal-sync",
        "--sync-id", id, "--tables", tables, "--start-time", String.valueOf(start), "--status-file", status.toString(),
        "--poll-ms", "50"));
  }

  private static long offset(Path status) {
    try {
      return Files.exists(status) ? JSON.readTree(Files.readString(status)).path("offset").asLong() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Roll every server's WAL, flush, and roll again: a WAL is archived at a roll once every region
   * with edits in it has flushed, so the second roll archives the first one's file.
   */
  private static void rollAll() throws IOException {
    try (Admin admin = CLUSTERS.source().admin()) {
      for (ServerName server : admin.getRegionServers()) {
        admin.rollWALWriter(server);
      }
      // system tables too: an unflushed hbase:namespace edit keeps a WAL from being archived
      for (var table : admin.listTableNames((java.util.regex.Pattern) null, true)) {
        admin.flush(table);
      }
      for (ServerName server : admin.getRegionServers()) {
        admin.rollWALWriter(server);
      }
    }
  }

  private static List<String> oldWals() throws IOException {
    FileSystem fs = CLUSTERS.source().fileSystem();
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(CommonFSUtils.getRootDir(CLUSTERS.source().conf()),
        HConstants.HREGION_OLDLOGDIR_NAME);
    if (!fs.exists(dir)) {
      return List.of();
    }
    return java.util.Arrays.stream(fs.listStatus(dir)).map(s -> s.getPath().getName())
        .filter(n -> !n.contains(".meta")).toList();
  }

  private static List<String> liveWals() throws IOException {
    FileSystem fs = CLUSTERS.source().fileSystem();
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(CommonFSUtils.getRootDir(CLUSTERS.source().conf()),
        HConstants.HREGION_LOGDIR_NAME);
    List<String> names = new java.util.ArrayList<>();
    for (var server : fs.listStatus(dir)) {
      for (var file : fs.listStatus(server.getPath())) {
        names.add(file.getPath().getName());
      }
    }
    return names;
  }

  private static boolean pinExists(String syncId) throws IOException {
    try (Admin admin = CLUSTERS.source().admin()) {
      return admin.listReplicationPeers().stream().anyMatch(p -> p.getPeerId().equals(WalPin.peerId(syncId)));
    }
  }

  /** Random puts (several versions), overwrites and every delete kind, with unique timestamps. */
  private static final class Writer {
    final TableName table;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong ops = new AtomicLong();
    volatile Throwable failure;

    Writer(TableName table) {
      this.table = table;
    }

    void run() {
      Random random = new Random(11);
      long ts = System.currentTimeMillis();
      try (Table t = CLUSTERS.source().table(table.getNameAsString())) {
        while (!stop.get()) {
          byte[] row = Bytes.toBytes(io.hbasetunnel.testing.TestData.rowKey(random.nextInt(200)));
          byte[] q = Bytes.toBytes("q" + random.nextInt(3));
          ts += 1 + random.nextInt(3);
          switch (random.nextInt(10)) {
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
}
