package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.schema.SchemaCopier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
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
 * `worker wal-sync` as a real child process between two real clusters: a writer keeps writing
 * (puts, versions, every delete kind) while WALs roll, the worker is SIGKILLed and restarted, a
 * source region server crashes; the destination ends cell-for-cell equal. Plus the WAL pin under
 * an aggressive log cleaner, its rotation, and the loud failure when a WAL has vanished.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalSyncTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      .sourceRegionServers(2)
      // archived WALs become deletable after 1 s, checked every second: only the pin keeps them
      .sourceSetting("hbase.master.logcleaner.ttl", "1000")
      .sourceSetting("hbase.master.cleaner.interval", "1000");

  private static final byte[] D = Bytes.toBytes("d");

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
  void everyEditArrivesThroughWalRollsAWorkerKillAndARegionServerCrash() throws Exception {
    TableName table = workers.createSynced("ws");
    long start = System.currentTimeMillis();
    Path status = work.resolve("ws-status.json");
    // a long lease under a fixed worker id, as a pod's container restart keeps the pod name
    String[] sameWorker = {"--worker-id", "pod-0", "--lease-ms", "60000"};
    WorkerProcess sync = workers.walSync("wal-ws", "ws", start, status, sameWorker);

    RandomEditWriter writer = RandomEditWriter.start(CLUSTERS.source(), table, 11);
    await().atMost(Duration.ofMinutes(2)).until(() -> SyncWorkers.offset(status) > 0);
    wals.rollAll();
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 300);
    sync.kill();
    wals.rollAll();
    java.nio.file.Files.delete(status);
    sync = workers.walSync("wal-ws", "ws", start, status, sameWorker);
    WorkerProcess restarted = sync;
    // its own leases are taken back at once, not after the 60 s they had left
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
        assertThat(SyncWorkers.streams(status)).as(restarted.outputText()).isEqualTo(2));
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 600);
    ServerName crashed = CLUSTERS.source().util().getMiniHBaseCluster().getRegionServer(0).getServerName();
    CLUSTERS.source().util().getMiniHBaseCluster().abortRegionServer(0);
    CLUSTERS.source().util().getMiniHBaseCluster().waitOnRegionServer(0);
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1000);
    wals.rollAll();
    writer.close();

    VerifyReport report = workers.awaitEqual(List.of(sync), table);
    JsonNode state = SyncWorkers.status(status);
    assertThat(state.get("offset").asLong()).isGreaterThanOrEqualTo(start);
    assertThat(state.get("tables").get("default:ws").get("deletes").asLong()).isPositive();
    System.out.printf("wal-sync: %d writer ops, %d cells, crashed %s, status %s%n", writer.ops(),
        report.sourceCells(), crashed, state);

    sync.kill();
    assertThat(workers.releasePin("wal-ws")).contains("released WAL pin hbtwalws");
  }

  @Test
  @Order(2)
  void thePinKeepsArchivedWalsFromAnAggressiveCleanerUntilReleased() throws Exception {
    // without a pin, archived WALs go within seconds
    wals.rollAll();
    await().atMost(Duration.ofSeconds(60)).until(() -> wals.archived().isEmpty());

    Path status = work.resolve("pin.json");
    WorkerProcess sync = workers.walSync("wal-pin", "ws", System.currentTimeMillis(), status);
    await().atMost(Duration.ofMinutes(1)).until(() -> wals.peers().contains(WalPin.peerId("wal-pin")));
    try (Table t = CLUSTERS.source().table("ws")) {
      t.put(new Put(Bytes.toBytes("pin")).addColumn(D, Bytes.toBytes("q"), Bytes.toBytes(1)));
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> SyncWorkers.offset(status) > 0);
    sync.kill();
    Map<String, WalPosition> checkpoint = checkpointOf("wal-pin");
    wals.rollAll();
    List<String> kept = await().atMost(Duration.ofSeconds(30))
        .until(() -> notYetRead(wals.archived(), checkpoint), list -> !list.isEmpty());
    Thread.sleep(6000);
    assertThat(wals.archived()).as("archived WALs survive 6 cleaner runs with TTL 1 s").containsAll(kept);

    workers.releasePin("wal-pin");
    long released = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).until(() -> wals.archived().stream().noneMatch(kept::contains));
    System.out.printf("after release-pin the pinned WALs were deleted in %.1f s%n", (System.nanoTime() - released) / 1e9);
  }

  @Test
  @Order(3)
  void thePinMovesForwardSoWalsEveryStreamHasReadAreDeletedWhileTheSyncRuns() throws Exception {
    TableName table = workers.createSynced("rot");
    Path status = work.resolve("rot.json");
    WorkerProcess sync = workers.walSync("wal-rot", "rot", System.currentTimeMillis(), status,
        "--pin-rotate-ms", "2000");
    try (RandomEditWriter writer = RandomEditWriter.start(CLUSTERS.source(), table, 12)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> SyncWorkers.offset(status) > 0 && writer.ops() > 300);

      // WALs archived while the sync runs and reads them: freed by the pin's rotation
      List<Double> freedAfter = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        wals.rollAll();
        List<String> archived = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
            .until(wals::archived, list -> !list.isEmpty());
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> wals.archived().stream().noneMatch(archived::contains));
        freedAfter.add((System.nanoTime() - from) / 1e9);
      }
      List<String> generations = wals.peers().stream().filter(p -> p.startsWith(WalPin.peerId("wal-rot"))).toList();
      assertThat(generations).as("the first generation is gone, a later one pins")
          .doesNotContain(WalPin.peerId("wal-rot")).isNotEmpty();

      // WALs the sync has not read stay: with the worker gone no checkpoint moves, so no rotation finishes
      sync.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> writer.ops() > 2000);
      Map<String, WalPosition> checkpoint = checkpointOf("wal-rot");
      wals.rollAll();
      List<String> unread = await().atMost(Duration.ofSeconds(90))
          .until(() -> notYetRead(wals.archived(), checkpoint), list -> !list.isEmpty());
      Thread.sleep(6000);
      assertThat(wals.archived()).as("unread WALs survive 6 cleaner runs").containsAll(unread);
      System.out.printf("pin rotation (every 2 s): read WALs deleted %s s after archiving, while the sync ran;"
          + " %d unread WALs kept while it was down; pin now %s%n", freedAfter, unread.size(), generations);
      // a worker that died between moving the pin and removing the old peer left an old generation
      try (Admin admin = CLUSTERS.source().admin()) {
        admin.addReplicationPeer(WalPin.peerId("wal-rot"), admin.getReplicationPeerConfig(generations.get(0)), false);
      }
      sync = workers.walSync("wal-rot", "rot", 0, status, "--pin-rotate-ms", "2000");
      await().atMost(Duration.ofMinutes(1)).until(() -> !wals.peers().contains(WalPin.peerId("wal-rot")));
    }
    try {
      workers.awaitEqual(List.of(sync), table);
    } finally {
      sync.kill();
    }
    assertThat(workers.releasePin("wal-rot")).contains("released WAL pin hbtwalrot");
    assertThat(wals.peers()).noneMatch(p -> p.startsWith(WalPin.peerId("wal-rot")));
  }

  private static Map<String, WalPosition> checkpointOf(String syncId) throws IOException {
    try (WalCheckpointStore store = new WalCheckpointStore(CLUSTERS.destination().connection(), syncId)) {
      return store.read().positions();
    }
  }

  /**
   * The archived WALs at or after their stream's checkpointed WAL. An older file may be archived
   * only now (it held unflushed edits) although the sync read it long ago.
   */
  private static List<String> notYetRead(List<String> archived, Map<String, WalPosition> checkpoint) {
    return archived.stream().filter(name -> {
      WalPosition at = checkpoint.get(name.substring(0, name.lastIndexOf('.')));
      return at != null && WalFile.createdOf(name) >= WalFile.createdOf(at.file());
    }).toList();
  }

  @Test
  @Order(4)
  void aVanishedWalFailsTheSyncLoudlyNamingTheWal() throws Exception {
    Path status = work.resolve("gone.json");
    WorkerProcess sync = workers.walSync("wal-gone", "ws", System.currentTimeMillis(), status);
    try (Table t = CLUSTERS.source().table("ws")) {
      for (int i = 0; i < 50; i++) {
        t.put(new Put(Bytes.toBytes("gone-" + i)).addColumn(D, Bytes.toBytes("q"), Bytes.toBytes(i)));
      }
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> SyncWorkers.offset(status) > 0);
    sync.kill();
    // the file the checkpoint points into is archived and then deleted behind the sync's back
    List<String> checkpointed = checkpointOf("wal-gone").values().stream().map(WalPosition::file).toList();
    assertThat(checkpointed).isNotEmpty();
    wals.rollAll();
    // once archived (or already cleaned away), make sure it is gone
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      List<String> live = wals.live();
      return checkpointed.stream().noneMatch(live::contains);
    });
    for (String name : checkpointed) {
      wals.deleteArchived(name);
    }
    WorkerProcess restarted = workers.walSync("wal-gone", "ws", System.currentTimeMillis(), status);
    assertThat(restarted.waitFor(120)).as(restarted.outputText()).isEqualTo(ExitCodes.WAL_MISSING);
    assertThat(restarted.outputText()).containsPattern("error: WAL \\S+ of region server stream \\S+ is gone")
        .contains("run a new full copy from a fresh snapshot").doesNotContain("\tat ");
    workers.releasePin("wal-gone");
  }
}
