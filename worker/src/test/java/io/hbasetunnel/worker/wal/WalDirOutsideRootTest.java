package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.copy.BulkLoader;
import io.hbasetunnel.worker.copy.CopyMode;
import io.hbasetunnel.worker.copy.CopyRequest;
import io.hbasetunnel.worker.copy.ShardSpec;
import io.hbasetunnel.worker.copy.SnapshotSource;
import io.hbasetunnel.worker.copy.StagingLayout;
import io.hbasetunnel.worker.copy.TableCopier;
import io.hbasetunnel.worker.hbase.CellFilter;
import io.hbasetunnel.worker.progress.CopyProgress;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source whose WALs are not under its root directory but on another filesystem
 * ({@code hbase.wal.dir} on a second HDFS, as HBase on S3 keeps its WALs on HDFS): the live sync and a follow-on migration read them there and come out
 * exact; a worker whose configuration lacks the setting finds no WAL and says so in its status
 * (problem NoWalStream) instead of reporting a healthy RUNNING sync that applies nothing.
 */
class WalDirOutsideRootTest {
  /** The WAL root's path on the second HDFS (see docs/wal-sync.md for why not a local file:// one). */
  private static final String WAL_DIR = "/hbase-source-wal";

  @RegisterExtension
  @Order(1)
  static final WalHdfs WAL_HDFS = new WalHdfs();

  @RegisterExtension
  @Order(2)
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      // hbase.wal.dir: set by WAL_HDFS once it runs
      // archived WALs become deletable after 1 s, checked every second: only the pin keeps them
      .sourceSetting("hbase.master.logcleaner.ttl", "1000")
      .sourceSetting("hbase.master.cleaner.interval", "1000");

  @TempDir
  static Path work;

  private static SyncWorkers workers;
  private static SourceWals wals;

  @BeforeAll
  static void configs() throws Exception {
    workers = SyncWorkers.between(CLUSTERS, work);
    wals = new SourceWals(CLUSTERS.source());
    // the setup itself: the servers write their WALs under the WAL root, none under the root directory
    Configuration conf = CLUSTERS.source().conf();
    FileSystem fs = CLUSTERS.source().fileSystem();
    assertThat(CommonFSUtils.getWALRootDir(conf)).isNotEqualTo(CommonFSUtils.getRootDir(conf));
    assertThat(CommonFSUtils.getWALFileSystem(conf).getUri()).isNotEqualTo(fs.getUri());
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(CommonFSUtils.getRootDir(conf), HConstants.HREGION_LOGDIR_NAME)))
        .isFalse();
    assertThat(wals.live()).isNotEmpty();
  }

  @Test
  void theLiveSyncReadsTheWalsUnderTheWalRootAndEndsExact() throws Exception {
    TableName table = workers.createSynced("walroot_live");
    Path status = work.resolve("live.json");
    WorkerProcess sync = workers.walSync("wal-walroot-live", "walroot_live", System.currentTimeMillis(), status,
        "--stall-seconds", "10");
    try {
      // the worker runs (its pin exists) before the first roll: else the cleaner may take what it never saw
      await().atMost(Duration.ofMinutes(2)).until(() -> SyncWorkers.streams(status) > 0);
      try (RandomEditWriter writer = RandomEditWriter.start(CLUSTERS.source(), table, 31)) {
        await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 500);
        wals.rollAll();
        await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1000);
      }
      VerifyReport report = workers.awaitEqual(List.of(sync), table);
      JsonNode state = SyncWorkers.status(status);
      assertThat(state.path("state").asText()).isEqualTo("RUNNING");
      assertThat(state.path("streams").asInt()).isPositive();
      assertThat(state.path("tables").path("default:walroot_live").path("deletes").asLong()).isPositive();
      assertThat(state.has("problem")).isTrue();
      assertThat(state.get("problem").isNull()).as(state.toString()).isTrue();
      System.out.printf("WALs under %s: live sync exact, %d cells; status %s%n", WAL_DIR, report.sourceCells(), state);
    } finally {
      sync.kill();
    }
    workers.releasePin("wal-walroot-live");
  }

  /** arm (pin + start time) -> snapshot, copy, bulk load -> apply from the armed time, while a writer writes. */
  @Test
  void aFollowOnMigrationReadsTheWalsUnderTheWalRootAndEndsExact() throws Exception {
    TableName table = workers.createSynced("walroot_follow");
    Path status = work.resolve("follow.json");
    String syncId = "wal-walroot-follow";
    try (RandomEditWriter writer = RandomEditWriter.startWithPutsAfterDeletes(CLUSTERS.source(), table, 32)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 300);
      WorkerProcess arm = workers.walSync(syncId, "walroot_follow", System.currentTimeMillis(), status, "--arm-only");
      assertThat(arm.waitFor(120)).as(arm.outputText()).isZero();
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 700);

      org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(
          CLUSTERS.destination().fileSystem().getUri() + "/walroot-staging");
      CopyRequest copy = new CopyRequest("walroot-follow", table, table, CopyMode.BULKLOAD, CellFilter.ALL, null,
          staging, null, ShardSpec.ALL, null, 2);
      new TableCopier(CLUSTERS.source().conf(), CLUSTERS.source().connection(), CLUSTERS.destination().conf(),
          CLUSTERS.destination().connection()).copy(copy, new CopyProgress("copy", table.getNameAsString()));
      // written after the snapshot, archived (and deleted within seconds but for the pin) before the sync starts
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1100);
      wals.rollAll();
      SnapshotSource snapshot = SnapshotSource.open(CLUSTERS.source().conf(), copy.effectiveSnapshotName());
      new BulkLoader(CLUSTERS.destination().conf()).load(new StagingLayout(staging, copy.taskId(), copy.sourceTable()),
          snapshot.units(), copy.targetTable(), new CopyProgress("bulkload", table.getNameAsString()));
      Thread.sleep(3000);

      WorkerProcess sync = workers.walSync(syncId, "walroot_follow", System.currentTimeMillis(), status);
      try {
        await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1500);
        writer.close();
        VerifyReport report = workers.awaitEqual(List.of(sync), table);
        assertThat(SyncWorkers.status(status).get("problem").isNull()).isTrue();
        System.out.printf("WALs under %s: follow-on migration exact, %d writes, %d cells%n", WAL_DIR, writer.ops(),
            report.sourceCells());
      } finally {
        sync.kill();
      }
    }
    workers.releasePin(syncId);
  }

  /** The worker is given the source's hbase-site.xml without hbase.wal.dir: it looks under the root directory. */
  @Test
  void aWorkerThatLooksInTheWrongPlaceReportsNoWalStreamWhileRunning() throws Exception {
    TableName table = workers.createSynced("walroot_blind");
    Path confDir = Files.createDirectories(work.resolve("without-wal-dir"));
    Configuration conf = new Configuration(false);
    conf.addResource(new org.apache.hadoop.fs.Path(workers.sourceConf().resolve("hbase-site.xml").toUri()));
    conf.unset(CommonFSUtils.HBASE_WAL_DIR);
    Configuration copy = new Configuration(false);
    conf.forEach(e -> copy.set(e.getKey(), e.getValue()));
    assertThat(copy.get(CommonFSUtils.HBASE_WAL_DIR)).isNull();
    assertThat(copy.get(HConstants.HBASE_DIR)).isNotNull();
    try (var out = Files.newOutputStream(confDir.resolve("hbase-site.xml"))) {
      copy.writeXml(out);
    }
    Path status = work.resolve("blind.json");
    long started = System.nanoTime();
    WorkerProcess sync = workers.withSourceConf(confDir).walSync("wal-walroot-blind", "walroot_blind",
        System.currentTimeMillis(), status, "--stall-seconds", "10");
    try {
      try (Table t = CLUSTERS.source().table("walroot_blind")) {
        for (int i = 0; i < 100; i++) {
          t.put(new Put(Bytes.toBytes("blind-" + i)).addColumn(Bytes.toBytes("d"), Bytes.toBytes("q"), Bytes.toBytes(i)));
        }
      }
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
          .until(() -> SyncWorkers.status(status).path("problem").path("reason").asText().equals("NoWalStream"));
      double seconds = (System.nanoTime() - started) / 1e9;
      JsonNode state = SyncWorkers.status(status);
      String rootWals = new org.apache.hadoop.fs.Path(CommonFSUtils.getRootDir(CLUSTERS.source().conf()),
          HConstants.HREGION_LOGDIR_NAME).toString();
      assertThat(state.path("state").asText()).isEqualTo("RUNNING");
      assertThat(state.path("entries").asLong()).isZero();
      assertThat(state.path("problem").path("message").asText()).contains(rootWals).contains("oldWALs")
          .contains("1 region server is live").contains("hbase.wal.dir");
      assertThat(sync.isAlive()).isTrue();
      assertThat(sync.outputText()).contains("WARN").contains("NoWalStream");
      System.out.printf("worker without hbase.wal.dir: problem after %.1f s: %s%n", seconds, state.get("problem"));
    } finally {
      sync.kill();
    }
    workers.releasePin("wal-walroot-blind");
  }

  /**
   * A stream held but not advancing while the synced table takes writes (the source's own write
   * counts say so) is reported as WalStreamsStalled, and cleared once it advances.
   */
  @Test
  void heldStreamsThatDoNotAdvanceWhileTheTablesTakeWritesAreReportedAsStalled() throws Exception {
    TableName table = workers.createSynced("walroot_stall");
    SyncCounters counters = new SyncCounters();
    WalStreamWatch watch = new WalStreamWatch(CLUSTERS.source().admin(), Set.of(table),
        WalLocator.of(CLUSTERS.source().conf()), Duration.ofSeconds(8), counters);
    long started = System.nanoTime();
    try (Table t = CLUSTERS.source().table("walroot_stall")) {
      int i = 0;
      // the poll found one stream, held it, read nothing: a stuck reader
      while (counters.problem() == null && System.nanoTime() - started < 120e9) {
        t.put(new Put(Bytes.toBytes("stall-" + i++)).addColumn(Bytes.toBytes("d"), Bytes.toBytes("q"), Bytes.toBytes(i)));
        watch.afterPoll(0, 1, 1);
        Thread.sleep(200);
      }
    }
    assertThat(counters.problem()).as("reported within 2 minutes").isNotNull();
    assertThat(counters.problem().get("reason")).isEqualTo("WalStreamsStalled");
    assertThat(counters.problem().get("message")).contains(WAL_DIR + "/WALs").contains("new writes");
    assertThat(counters.toMap().get("state")).isEqualTo("RUNNING");
    System.out.printf("stalled after %.1f s: %s%n", (System.nanoTime() - started) / 1e9, counters.problem());
    watch.afterPoll(3, 1, 1);
    assertThat(counters.problem()).as("cleared once a stream advances").isNull();
    assertThat(counters.toMap()).containsEntry("problem", null);
  }

  /** A second HDFS, started before the clusters and stopped after them: the source's WAL filesystem. */
  static final class WalHdfs implements BeforeAllCallback, AfterAllCallback {
    private MiniDFSCluster dfs;
    private java.io.File base;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      base = Files.createTempDirectory("wal-hdfs").toFile();
      dfs = new MiniDFSCluster.Builder(new Configuration(), base).numDataNodes(1).build();
      dfs.waitActive();
      CLUSTERS.sourceSetting(CommonFSUtils.HBASE_WAL_DIR, dfs.getURI() + WAL_DIR);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
      if (dfs != null) {
        dfs.shutdown(true);
      }
      org.apache.hadoop.fs.FileUtil.fullyDelete(base);
    }
  }
}
