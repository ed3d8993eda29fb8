package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbasetunnel.testing.SharedClusters;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.schema.SchemaCopier;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.fs.Path;
import io.hbasetunnel.worker.copy.CopyMode;
import io.hbasetunnel.worker.copy.CopyRequest;
import io.hbasetunnel.worker.copy.ShardSpec;
import io.hbasetunnel.worker.copy.TableCopier;
import io.hbasetunnel.worker.hbase.CellFilter;
import io.hbasetunnel.worker.progress.CopyProgress;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sync writes is what readers of the source see, and it stays written: cell tags (a
 * per-cell TTL that already expired) travel with every edit, and edits survive a destination
 * region-server crash even when the table's DURABILITY is SKIP_WAL.
 */
@SharedClusters(changesClusters = true) // aborts the destination's region server
class WalSyncFidelityTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static final byte[] D = Bytes.toBytes("d");

  @TempDir
  static java.nio.file.Path work;

  private static SyncWorkers workers;
  private static Connection src;
  private static Connection dst;

  @BeforeAll
  static void setUp() throws Exception {
    workers = SyncWorkers.between(CLUSTERS, work);
    src = Connections.open("source", CLUSTERS.source().conf());
    dst = Connections.open("destination", CLUSTERS.destination().conf());
  }

  @AfterAll
  static void close() throws Exception {
    src.close();
    dst.close();
  }

  @Test
  void cellTagsTravelWithTheEditsSoExpiredCellsStayHidden() throws Exception {
    TableName table = create("tags", Durability.USE_DEFAULT);
    java.nio.file.Path status = work.resolve("tags-status.json");
    WorkerProcess sync = workers.walSync("wal-tags", "tags", System.currentTimeMillis(), status);
    try (Table t = src.getTable(table)) {
      long old = System.currentTimeMillis() - 60_000;
      List<Put> puts = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        byte[] row = Bytes.toBytes(String.format("r%04d", i));
        // expired when written: the source never shows it; without its tag the destination would
        puts.add(new Put(row).addColumn(D, Bytes.toBytes("expired"), old, Bytes.toBytes(i)).setTTL(1_000));
        puts.add(new Put(row).addColumn(D, Bytes.toBytes("ttl-1h"), Bytes.toBytes(i)).setTTL(3_600_000));
        puts.add(new Put(row).addColumn(D, Bytes.toBytes("plain"), Bytes.toBytes(i)));
      }
      t.put(puts);
      t.delete(new Delete(Bytes.toBytes("r0007")));
    }
    awaitIdentical(sync, table);
    try (Table t = dst.getTable(table);
        var scanner = t.getScanner(new Scan().addColumn(D, Bytes.toBytes("expired")))) {
      assertThat(scanner.next()).isNull();
    }
    sync.stop();
  }

  @Test
  void copiedAndSyncedEditsSurviveADestinationCrashOnASkipWalTable() throws Exception {
    // the source logs its writes (ASYNC_WAL still reaches the WAL); the destination table says SKIP_WAL
    TableName synced = create("skipwal_sync", Durability.ASYNC_WAL, Durability.SKIP_WAL);
    TableName copied = create("skipwal_copy", Durability.ASYNC_WAL, Durability.SKIP_WAL);
    java.nio.file.Path status = work.resolve("skipwal-status.json");
    WorkerProcess sync = workers.walSync("wal-skipwal", "skipwal_sync", System.currentTimeMillis(), status);
    for (TableName table : List.of(synced, copied)) {
      try (Table t = src.getTable(table)) {
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          puts.add(new Put(row(i)).addColumn(D, Bytes.toBytes("before"), Bytes.toBytes(i)));
        }
        t.put(puts);
        for (int i = 0; i < 500; i += 3) {
          t.put(new Put(row(i)).addColumn(D, Bytes.toBytes("after"), Bytes.toBytes(i)));
          t.delete(new Delete(row(i + 1)).addColumns(D, Bytes.toBytes("before")));
        }
      }
    }
    awaitIdentical(sync, synced);
    sync.stop();
    sync.waitFor(60);
    Path staging = new Path(CLUSTERS.destination().fileSystem().getUri() + "/skipwal-staging");
    new TableCopier(CLUSTERS.source().conf(), src, CLUSTERS.destination().conf(), dst).copy(new CopyRequest(
        "workflow-skipwal", copied, copied, CopyMode.PUT, CellFilter.ALL, null, staging, null, ShardSpec.ALL, null, 2),
        new CopyProgress("copy", copied.getNameAsString()));

    // the destination's only region server dies with its memstore; a new one replays its WAL
    var cluster = CLUSTERS.destination().util().getMiniHBaseCluster();
    cluster.abortRegionServer(0);
    cluster.waitOnRegionServer(0);
    cluster.startRegionServer();
    for (TableName table : List.of(synced, copied)) {
      CLUSTERS.destination().util().waitTableAvailable(table, 120_000);
      VerifyReport report = new TableVerifier(src, dst).mode(TableVerifier.Mode.VISIBLE).verify(table, table, Set.of());
      assertThat(report.identical()).as(report.summary()).isTrue();
      assertThat(report.sourceCells()).isEqualTo(500); // 500 puts, 167 more, 167 deleted
    }
  }

  @Test
  void onlyTheChosenFamiliesAreSynced() throws Exception {
    TableName table = CLUSTERS.source().createTable("two_families").family("d").family("e").create();
    new SchemaCopier(src, dst).copy(table, table, Set.of("d"), null);
    java.nio.file.Path status = work.resolve("families-status.json");
    WorkerProcess sync = workers.walSync("wal-families", "two_families", System.currentTimeMillis(), status,
        "--families", "d");
    try (Table t = src.getTable(table)) {
      for (int i = 0; i < 200; i++) {
        t.put(new Put(row(i)).addColumn(D, Bytes.toBytes("q"), Bytes.toBytes(i))
            .addColumn(Bytes.toBytes("e"), Bytes.toBytes("q"), Bytes.toBytes(i)));
      }
      t.delete(new Delete(row(3)));
    }
    TableVerifier verifier = new TableVerifier(src, dst).mode(TableVerifier.Mode.VISIBLE);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(sync.isAlive()).as(sync.outputText()).isTrue();
      VerifyReport report = verifier.verify(table, table, Set.of("d"));
      assertThat(report.identical()).as(report.summary()).isTrue();
      assertThat(report.sourceCells()).isEqualTo(199);
    });
    assertThat(SyncWorkers.status(status).path("message").asText()).doesNotContain("NoSuchColumnFamily");
    sync.stop();
  }

  private static byte[] row(int i) {
    return Bytes.toBytes(String.format("r%04d", i));
  }

  private static TableName create(String name, Durability durability) throws Exception {
    return create(name, durability, durability);
  }

  private static TableName create(String name, Durability onSource, Durability onDestination) throws Exception {
    TableName table = CLUSTERS.source().createTable(name).family("d", f -> f.setMaxVersions(10)).create();
    setDurability(src, table, onSource);
    new SchemaCopier(src, dst).copy(table, table, Set.of(), null);
    setDurability(dst, table, onDestination);
    return table;
  }

  private static void setDurability(Connection connection, TableName table, Durability durability) throws Exception {
    try (var admin = connection.getAdmin()) {
      admin.modifyTable(TableDescriptorBuilder.newBuilder(admin.getDescriptor(table)).setDurability(durability).build());
    }
  }

  private static void awaitIdentical(WorkerProcess sync, TableName table) {
    TableVerifier verifier = new TableVerifier(src, dst).mode(TableVerifier.Mode.VISIBLE);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(sync.isAlive()).as(sync.outputText()).isTrue();
      VerifyReport report = verifier.verify(table, table, Set.of());
      assertThat(report.identical()).as(report.summary()).isTrue();
    });
  }
}
