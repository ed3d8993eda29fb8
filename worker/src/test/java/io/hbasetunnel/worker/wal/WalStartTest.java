package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.hbasetunnel.testing.TestData;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a sync starts: never silently after a gap (a start time older than every WAL left exits 4
 * naming the lost range), and from the armed time when it was armed before (pin first, apply
 * later, as a full migration with a follow-on sync does around its snapshot and bulk load).
 */
class WalStartTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      // one busy and one idle server: a gap in one stream must not hide behind the other's old WAL
      .sourceRegionServers(2)
      // archived WALs become deletable after 1 s, checked every second: only a pin keeps them
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
  }

  @Test
  void aStartTimeOlderThanEveryWalLeftExitsWithTheLostRangeAndRecordsNothing() throws Exception {
    workers.createSynced("gap");
    long start = System.currentTimeMillis();
    Thread.sleep(10);
    // every WAL that held edits at the start time is rolled, archived and deleted (no pin yet)
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      wals.rollAll();
      return userWals().stream().allMatch(name -> WalFile.createdOf(name) > start);
    });

    for (String[] mode : List.of(new String[0], new String[] {"--arm-only"})) {
      WorkerProcess sync = workers.walSync("wal-gap", "gap", start, work.resolve("gap.json"), mode);
      assertThat(sync.waitFor(120)).as(sync.outputText()).isEqualTo(ExitCodes.WAL_MISSING);
      Matcher range = Pattern.compile("from --start-time " + start + " \\(\\S+\\) to (\\d+) ").matcher(sync.outputText());
      assertThat(range.find()).as(sync.outputText()).isTrue();
      long oldest = Long.parseLong(range.group(1));
      assertThat(oldest).isGreaterThan(start);
      Matcher newer = Pattern.compile("start the sync from a newer time \\(--start-time (\\d+) or later\\)")
          .matcher(sync.outputText());
      assertThat(newer.find()).as(sync.outputText()).isTrue();
      assertThat(Long.parseLong(newer.group(1))).isGreaterThanOrEqualTo(oldest);
      assertThat(sync.outputText()).contains("re-copy needed").contains("re-run a full copy").doesNotContain("\tat ");
      System.out.printf("start %d before the oldest WAL (%d ms later), %s: exit 4: %s%n", start, oldest - start,
          mode.length == 0 ? "wal-sync" : "wal-sync --arm-only", sync.outputText().strip());
    }
    try (WalCheckpointStore store = new WalCheckpointStore(CLUSTERS.destination().connection(), "wal-gap")) {
      assertThat(store.read().startTime()).as("a refused start time is not recorded").isNull();
    }
    // a newer start time is accepted
    WorkerProcess armed = workers.walSync("wal-gap", "gap", System.currentTimeMillis(), work.resolve("gap.json"),
        "--arm-only");
    assertThat(armed.waitFor(120)).as(armed.outputText()).isZero();
    workers.releasePin("wal-gap");
  }

  @Test
  void armedBeforeTheWritesAndStartedAfterTheyAllArriveWithOnePin() throws Exception {
    TableName table = workers.createSynced("armed");
    Path status = work.resolve("armed.json");
    WorkerProcess arm = workers.walSync("wal-armed", "armed", System.currentTimeMillis(), status, "--arm-only");
    assertThat(arm.waitFor(120)).as(arm.outputText()).isZero();
    assertThat(arm.outputText()).contains("armed: WALs pinned by " + WalPin.peerId("wal-armed"));
    assertThat(SyncWorkers.status(status).path("state").asText()).isEqualTo("ARMED");
    assertThat(pins("wal-armed")).containsExactly(WalPin.peerId("wal-armed"));

    // writes (puts, versions, every delete kind) while nothing applies; their WALs are archived
    // and would be deleted within seconds without the pin
    try (RandomEditWriter writer = RandomEditWriter.start(CLUSTERS.source(), table, 51)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 500);
      wals.rollAll();
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1000);
    }
    wals.rollAll();
    Thread.sleep(5000);

    // started later, with a later --start-time: the armed time wins
    WorkerProcess sync = workers.walSync("wal-armed", "armed", System.currentTimeMillis(), status);
    try {
      VerifyReport report = workers.awaitEqual(List.of(sync), table);
      assertThat(SyncWorkers.status(status).path("tables").path("default:armed").path("deletes").asLong()).isPositive();
      assertThat(pins("wal-armed")).as("no second pin").containsExactly(WalPin.peerId("wal-armed"));
      System.out.printf("armed sync: %d cells equal after applying from the armed time%n", report.sourceCells());
    } finally {
      sync.kill();
    }
    workers.releasePin("wal-armed");
  }

  /**
   * The scenario: the sync is created at T on a source with two region servers, all the
   * table's regions on one; 60,000 cells are written there and its WAL rolled twice; its archived
   * WALs are cleaned before the worker starts (no pin yet), while the idle server's current WAL
   * is older than T. The busy server's stream has lost [T, its oldest WAL's start]: exit 4 naming
   * that server and range, although the cluster's oldest WAL (the idle one's) is older than T.
   */
  @Test
  void aBusyServersWalsCleanedBeforeTheFirstStartExitNamingThatServerDespiteAnIdleServersOldWal() throws Exception {
    TableName table = workers.createSynced("busy_gap");
    ServerName[] servers = busyAndIdle(table);
    long start = System.currentTimeMillis();
    Thread.sleep(10);
    write60000Cells(table);
    // rolled twice (a flush between) until the WALs holding the edits from T on are archived and cleaned
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      rollTwice(servers[0], table);
      return oldestWal(servers[0]) > start;
    });
    assertThat(oldestWal(servers[1])).as("the idle server's current WAL is older than T").isLessThan(start);

    WorkerProcess sync = workers.walSync("wal-busy-gap", "busy_gap", start, work.resolve("busy-gap.json"));
    assertThat(sync.waitFor(120)).as(sync.outputText()).isEqualTo(ExitCodes.WAL_MISSING);
    assertThat(sync.outputText()).contains("re-copy needed")
        .containsPattern("from --start-time " + start + " \\(\\S+\\) to \\d+ \\(\\S+\\) by region server "
            + Pattern.quote(servers[0].toString()) + " are gone")
        .doesNotContain(servers[1].toString()).doesNotContain("\tat ");
    System.out.printf("busy server's WALs cleaned, idle server's WAL older than T: exit 4: %s%n",
        sync.outputText().strip());
    workers.releasePin("wal-busy-gap");
  }

  /** The same scenario with the sync armed (pinned) at T, as when it is created: nothing is lost. */
  @Test
  void theSameScenarioArmedAtTheStartTimeLosesNothing() throws Exception {
    TableName table = workers.createSynced("busy_armed");
    ServerName[] servers = busyAndIdle(table);
    long start = System.currentTimeMillis();
    Path status = work.resolve("busy-armed.json");
    WorkerProcess arm = workers.walSync("wal-busy-armed", "busy_armed", start, status, "--arm-only");
    assertThat(arm.waitFor(120)).as(arm.outputText()).isZero();
    write60000Cells(table);
    rollTwice(servers[0], table);
    rollTwice(servers[0], table);
    // six cleaner runs with a TTL of 1 s: only the pin keeps the WAL that held the edits from T on
    Thread.sleep(6000);
    assertThat(oldestWal(servers[0])).as("the pin kept the busy server's WAL from before T").isLessThan(start);

    WorkerProcess sync = workers.walSync("wal-busy-armed", "busy_armed", start, status);
    try {
      VerifyReport report = workers.awaitEqual(List.of(sync), table);
      assertThat(report.sourceCells()).isGreaterThanOrEqualTo(60_000);
      System.out.printf("armed at T: %d cells equal after the busy server's WALs were rolled and cleaned%n",
          report.sourceCells());
    } finally {
      sync.kill();
    }
    workers.releasePin("wal-busy-armed");
  }

  /** Moves every region of the table to the first server; returns {busy, idle}. */
  private static ServerName[] busyAndIdle(TableName table) throws Exception {
    var cluster = CLUSTERS.source().util().getMiniHBaseCluster();
    ServerName busy = cluster.getRegionServer(0).getServerName();
    ServerName idle = cluster.getRegionServer(1).getServerName();
    try (Admin admin = CLUSTERS.source().admin()) {
      for (RegionInfo region : admin.getRegions(table)) {
        admin.move(region.getEncodedNameAsBytes(), busy);
      }
      await().atMost(Duration.ofMinutes(1)).until(() -> admin.getRegions(idle).stream()
          .noneMatch(r -> r.getTable().equals(table)) && admin.getRegions(busy).stream()
          .filter(r -> r.getTable().equals(table)).count() == admin.getRegions(table).size());
    }
    return new ServerName[] {busy, idle};
  }

  private static void write60000Cells(TableName table) throws Exception {
    byte[] d = Bytes.toBytes("d");
    try (Table t = CLUSTERS.source().table(table.getNameAsString())) {
      List<Put> batch = new ArrayList<>();
      for (int row = 0; row < 20_000; row++) {
        Put put = new Put(Bytes.toBytes(TestData.rowKey(row)));
        for (int q = 0; q < 3; q++) {
          put.addColumn(d, Bytes.toBytes("q" + q), Bytes.toBytes(row * 3L + q));
        }
        batch.add(put);
        if (batch.size() == 1000) {
          t.put(batch);
          batch.clear();
        }
      }
    }
  }

  /** Rolls the server's WAL, flushes what it holds, and rolls again: the first file is archived. */
  private static void rollTwice(ServerName server, TableName table) throws Exception {
    try (Admin admin = CLUSTERS.source().admin()) {
      admin.rollWALWriter(server);
      for (TableName t : admin.listTableNames((Pattern) null, true)) {
        admin.flush(t);
      }
      admin.rollWALWriter(server);
    }
  }

  /** The start of the server's oldest user-data WAL left (live, split or archived). */
  private static long oldestWal(ServerName server) throws Exception {
    return WalLocator.of(CLUSTERS.source().conf()).streams().entrySet().stream()
        .filter(e -> StartGap.server(e.getKey()).equals(server.toString()))
        .mapToLong(e -> e.getValue().get(0).created()).min().orElseThrow();
  }

  private static List<String> pins(String syncId) throws Exception {
    return wals.peers().stream().filter(p -> p.startsWith(WalPin.peerId(syncId))).toList();
  }

  /** Every user-data WAL on the source, live or archived. */
  private static List<String> userWals() throws Exception {
    List<String> names = new ArrayList<>(wals.archived());
    wals.live().stream().filter(n -> !n.contains(".meta")).forEach(names::add);
    return names;
  }
}
