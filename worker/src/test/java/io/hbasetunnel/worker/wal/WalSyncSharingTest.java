package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.copy.CopyMode;
import io.hbasetunnel.worker.copy.CopyRequest;
import io.hbasetunnel.worker.copy.ShardSpec;
import io.hbasetunnel.worker.copy.TableCopier;
import io.hbasetunnel.worker.hbase.CellFilter;
import io.hbasetunnel.worker.progress.CopyProgress;
import io.hbasetunnel.worker.schema.SchemaCopier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.MiniHBaseCluster;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sync shared by several `worker wal-sync` processes while region servers join and crash and
 * a worker is SIGKILLed; and the synced table set changed while the writers keep writing. The
 * destination ends equal to the source for every table the sync keeps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalSyncSharingTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters().sourceRegionServers(2);

  /** A JVM ended by SIGTERM exits 128 + 15, after its shutdown hook (the last checkpoint) ran. */
  private static final int SIGTERM_EXIT = 143;

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
  @Order(1)
  void workersShareTheStreamsAndTakeOverWhenAWorkerOrARegionServerGoes() throws Exception {
    TableName table = workers.createSynced("so");
    long start = System.currentTimeMillis();
    Path statusA = work.resolve("a.json");
    Path statusB = work.resolve("b.json");
    WorkerProcess a = workers.walSync("wal-so", "so", start, statusA, "--worker-id", "a", "--lease-ms", "6000");
    WorkerProcess b = workers.walSync("wal-so", "so", start, statusB, "--worker-id", "b", "--lease-ms", "6000");
    RandomEditWriter writer = RandomEditWriter.start(CLUSTERS.source(), table, 21);

    // two live servers' streams, one per worker
    Map<String, String> shared = await().atMost(Duration.ofMinutes(1))
        .until(() -> leaseHolders("wal-so"), holders -> holders.values().containsAll(List.of("a", "b")));
    assertThat(shared).hasSize(2);

    // the region-server set changes: a server joins, regions move to it, another crashes
    MiniHBaseCluster hbase = CLUSTERS.source().util().getMiniHBaseCluster();
    hbase.startRegionServer();
    try (Admin admin = CLUSTERS.source().admin()) {
      admin.balancerSwitch(true, true);
      admin.balance();
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 500);
    hbase.abortRegionServer(0);
    hbase.waitOnRegionServer(0);
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 900);
    Map<String, String> afterChange = leaseHolders("wal-so");

    // a worker dies: its streams move to the other once its leases run out
    a.kill();
    long killed = System.nanoTime();
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
        .until(() -> leaseHolders("wal-so").values().stream().allMatch("b"::equals)
            && leaseHolders("wal-so").size() >= afterChange.size());
    double takeover = (System.nanoTime() - killed) / 1e9;
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1300);
    wals.rollAll();
    writer.close();

    var report = workers.awaitEqual(List.of(b), table);
    System.out.printf("shared sync: %d writer ops, %d cells; leases at start %s, after the server changes %s;"
        + " b held all %d streams %.1f s after a's SIGKILL (lease 6 s)%n", writer.ops(), report.sourceCells(),
        shared, afterChange, leaseHolders("wal-so").size(), takeover);

    // a graceful stop hands every stream back at once
    b.stop();
    assertThat(b.waitFor(60)).as(b.outputText()).isEqualTo(SIGTERM_EXIT);
    assertThat(SyncWorkers.status(statusB).path("state").asText()).isEqualTo("STOPPED");
    assertThat(leaseHolders("wal-so")).isEmpty();
    workers.releasePin("wal-so");
  }

  @Test
  @Order(2)
  void tablesAddedAndRemovedWhileTheSyncRunsLoseNothingForTheTablesThatStay() throws Exception {
    TableName kept = workers.createSynced("kept");
    TableName removed = workers.createSynced("removed");
    TableName added = workers.createSynced("added");
    try (RandomEditWriter history = RandomEditWriter.start(CLUSTERS.source(), added, 31)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> history.ops() > 300);
    }
    long start = System.currentTimeMillis();
    Path before = work.resolve("tables-1.json");
    WorkerProcess sync = workers.walSync("wal-tables", "kept,removed", start, before);
    RandomEditWriter toKept = RandomEditWriter.start(CLUSTERS.source(), kept, 32);
    RandomEditWriter toRemoved = RandomEditWriter.start(CLUSTERS.source(), removed, 33);
    RandomEditWriter toAdded = RandomEditWriter.start(CLUSTERS.source(), added, 34);
    await().atMost(Duration.ofMinutes(1)).until(() -> SyncWorkers.offset(before) > 0 && toKept.ops() > 300);

    // the table set changes: the operator replaces the worker (graceful stop, start with the new set)
    sync.stop();
    assertThat(sync.waitFor(60)).as(sync.outputText()).isEqualTo(SIGTERM_EXIT);
    assertThat(SyncWorkers.status(before).path("state").asText()).isEqualTo("STOPPED");
    Path after = work.resolve("tables-2.json");
    sync = workers.walSync("wal-tables", "kept,added", System.currentTimeMillis(), after);
    await().atMost(Duration.ofMinutes(1)).until(() -> SyncWorkers.offset(after) > 0);
    toRemoved.close();
    try (Table t = CLUSTERS.source().table("removed")) {
      t.put(new Put(Bytes.toBytes("after-removal")).addColumn(Bytes.toBytes("d"), Bytes.toBytes("q"), Bytes.toBytes(1)));
    }
    // the added table's history comes with a full copy from a snapshot taken after the add
    fullCopy(added);
    await().atMost(Duration.ofMinutes(1)).until(() -> toKept.ops() > 900 && toAdded.ops() > 900);
    wals.rollAll();
    toKept.close();
    toAdded.close();

    var keptReport = workers.awaitEqual(List.of(sync), kept);
    var addedReport = workers.awaitEqual(List.of(sync), added);
    try (Table t = CLUSTERS.destination().table("removed")) {
      assertThat(t.exists(new Get(Bytes.toBytes("after-removal")))).as("edits after the removal stay behind").isFalse();
    }
    assertThat(SyncWorkers.status(after).path("tables").has("default:removed")).isFalse();
    System.out.printf("table change: kept %d cells equal, added %d cells equal (history by full copy)%n",
        keptReport.sourceCells(), addedReport.sourceCells());
    sync.kill();
    workers.releasePin("wal-tables");
  }

  @Test
  @Order(3)
  void sameTimestampOverwritesKeepTheirOrderWhenARegionMovesBetweenServers() throws Exception {
    long start = System.currentTimeMillis();
    TableName table = CLUSTERS.source().createTable("moves").family("d", f -> f.setMaxVersions(1)).create();
    new SchemaCopier(CLUSTERS.source().connection(), CLUSTERS.destination().connection()).copy(table, table, Set.of(), null);
    List<ServerName> servers;
    try (Admin admin = CLUSTERS.source().admin()) {
      admin.balancerSwitch(false, true);
      servers = admin.getRegionServers().stream().sorted(Comparator.comparing(ServerName::toString)).limit(2).toList();
    }
    // every round overwrites the same cells at the same timestamp on another server; the last round
    // lands on the server whose stream a worker reads first, so applying streams one after the
    // other, without the barrier, lets an earlier round win
    int rounds = 6;
    try (Table t = CLUSTERS.source().table("moves")) {
      for (int round = 0; round < rounds; round++) {
        moveTo(table, servers.get((round + rounds + 1) % 2));
        List<Put> puts = new ArrayList<>();
        for (int row = 0; row < 50; row++) {
          puts.add(new Put(Bytes.toBytes("row-" + row)).addColumn(Bytes.toBytes("d"), Bytes.toBytes("q"), 1L,
              Bytes.toBytes("round-" + round)));
        }
        t.put(puts);
      }
    }
    WorkerProcess sync = workers.walSync("wal-moves", "moves", start, work.resolve("moves.json"));
    try {
      workers.awaitEqual(List.of(sync), table);
    } finally {
      sync.kill();
    }
    try (Table t = CLUSTERS.destination().table("moves")) {
      assertThat(Bytes.toString(t.get(new Get(Bytes.toBytes("row-7"))).getValue(Bytes.toBytes("d"), Bytes.toBytes("q"))))
          .isEqualTo("round-" + (rounds - 1));
    }
    workers.releasePin("wal-moves");
  }

  private static void moveTo(TableName table, ServerName server) throws Exception {
    try (Admin admin = CLUSTERS.source().admin()) {
      var region = admin.getRegions(table).get(0);
      admin.move(region.getEncodedNameAsBytes(), server);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        try (var locator = CLUSTERS.source().connection().getRegionLocator(table)) {
          return locator.getRegionLocation(HConstants.EMPTY_START_ROW, true).getServerName().equals(server);
        }
      });
    }
  }

  private static void fullCopy(TableName table) throws Exception {
    org.apache.hadoop.fs.Path staging = FileSystem.get(CLUSTERS.destination().conf())
        .makeQualified(new org.apache.hadoop.fs.Path("/hbase-tunnel-staging"));
    new TableCopier(CLUSTERS.source().conf(), CLUSTERS.source().connection(), CLUSTERS.destination().conf(),
        CLUSTERS.destination().connection()).copy(new CopyRequest("workflow-added", table, table, CopyMode.PUT,
        CellFilter.ALL, null, staging, null, ShardSpec.ALL, null, 2), new CopyProgress("copy", table.getNameAsString()));
  }

  /** stream -> worker id for every lease in the sync's checkpoint row. */
  private static Map<String, String> leaseHolders(String syncId) throws Exception {
    try (WalCheckpointStore store = new WalCheckpointStore(CLUSTERS.destination().connection(), syncId)) {
      return store.leaseHolders();
    }
  }

}
