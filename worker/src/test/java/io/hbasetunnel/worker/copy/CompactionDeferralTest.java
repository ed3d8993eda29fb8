package io.hbasetunnel.worker.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.SharedClusters;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerMain;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.schema.CompactionDeferral;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.regionserver.HRegion;
import org.apache.hadoop.hbase.regionserver.HStore;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table created for a bulkload copy compacts only once every unit is loaded: created with
 * compactions off and a marker, given them back by {@code bulkload} (also after a kill just before
 * that), by {@code cleanup}, and by the put path and {@code wal-sync} before they write. The
 * destination compacts as HBase does by default here (the other copy tests switch it off), so the
 * deferral is seen to change what HBase does: four loaded files per store stay four, then become one.
 */
@SharedClusters
class CompactionDeferralTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static final int ROWS = 4000;
  /** Store files per source region: above HBase's compaction threshold of 3. */
  private static final int FILES = 4;
  private static final byte[] F = Bytes.toBytes("f");

  @TempDir
  static Path work;

  private static TableName source;
  private static Path sourceConf;
  private static Path destinationConf;
  private static Connection src;
  private static Connection dst;

  @BeforeAll
  static void sourceWithFourStoreFilesPerRegion() throws Exception {
    try (Admin admin = CLUSTERS.source().admin()) {
      admin.compactionSwitch(false, List.of()); // the source keeps its four files apart
    }
    source = CLUSTERS.source().createTable("deferred").family("f").splits(TestTable.evenSplits(4, ROWS)).create();
    try (BufferedMutator out = CLUSTERS.source().connection().getBufferedMutator(source);
        Admin admin = CLUSTERS.source().admin()) {
      for (int file = 0; file < FILES; file++) {
        for (int i = file; i < ROWS; i += FILES) {
          out.mutate(new Put(Bytes.toBytes(io.hbasetunnel.testing.TestData.rowKey(i)))
              .addColumn(F, Bytes.toBytes("q"), Bytes.toBytes("v" + i)));
        }
        out.flush();
        admin.flush(source);
      }
    }
    sourceConf = CLUSTERS.source().writeClientConfigDir(work);
    destinationConf = CLUSTERS.destination().writeClientConfigDir(work);
    src = Connections.open("source", CLUSTERS.source().conf());
    dst = Connections.open("destination", CLUSTERS.destination().conf());
  }

  @AfterAll
  static void close() throws IOException {
    src.close();
    dst.close();
  }

  @Test
  void aBulkloadCopysTableCompactsOnlyOnceEveryUnitIsLoaded() throws Exception {
    TableName target = TableName.valueOf("deferred_bulk");
    run("copy", "--task-id", "workflow-deferred", "--table", "deferred", "--target-table", "deferred_bulk",
        "--mode", "BULKLOAD", "--create-table", "--load-as-staged");
    TableDescriptor loading = descriptor(target);
    assertThat(loading.isCompactionEnabled()).isFalse();
    assertThat(loading.getValue(CompactionDeferral.MARKER)).isEqualTo("true");
    // every round is in: four files per store, and HBase asked to compact them does not
    assertThat(storeFileCounts(target)).containsOnly(FILES);
    try (Admin admin = dst.getAdmin()) {
      admin.majorCompact(target);
      Thread.sleep(3000);
    }
    assertThat(storeFileCounts(target)).containsOnly(FILES);

    run("bulkload", "--task-id", "workflow-deferred", "--table", "deferred", "--target-table", "deferred_bulk");
    TableDescriptor loaded = descriptor(target);
    assertThat(loaded.isCompactionEnabled()).isTrue();
    assertThat(CompactionDeferral.deferred(loaded)).isFalse();
    try (Admin admin = dst.getAdmin()) {
      admin.majorCompact(target);
    }
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(storeFileCounts(target)).containsOnly(1));
    assertIdentical(target);
  }

  @Test
  void bulkloadKilledBeforeGivingCompactionsBackGivesThemBackOnItsRerun() throws Exception {
    TableName target = TableName.valueOf("deferred_killed");
    run("copy", "--task-id", "workflow-deferred-kill", "--table", "deferred", "--target-table", "deferred_killed",
        "--mode", "BULKLOAD", "--create-table");
    assertThat(CompactionDeferral.deferred(descriptor(target))).isTrue();
    WorkerProcess killed = WorkerProcess.start(work, List.of("-Xmx256m", "-Dhbasetunnel.fault.halt=load.allDone:1"),
        WorkerProcess.withClusters(sourceConf, destinationConf, "bulkload", "--task-id", "workflow-deferred-kill",
            "--table", "deferred", "--target-table", "deferred_killed"));
    assertThat(killed.waitFor(180)).as(killed.outputText()).isEqualTo(137);
    assertThat(descriptor(target).isCompactionEnabled()).as("killed before restoring").isFalse();

    run("bulkload", "--task-id", "workflow-deferred-kill", "--table", "deferred", "--target-table", "deferred_killed");
    assertThat(descriptor(target).isCompactionEnabled()).isTrue();
    assertThat(CompactionDeferral.deferred(descriptor(target))).isFalse();
    assertIdentical(target);
  }

  @Test
  void cleanupGivesBackTheSourcesOwnSettingAndOnlyTablesWhoseLoadsWouldCompactAreDeferred() throws Exception {
    // a source table that never compacts: its copy must not start to once the deferral ends
    TableName quiet = CLUSTERS.source().createTable("deferred_quiet").family("f").create();
    try (Admin admin = CLUSTERS.source().admin()) {
      admin.modifyTable(TableDescriptorBuilder.newBuilder(admin.getDescriptor(quiet)).setCompactionEnabled(false).build());
    }
    flushFiles(quiet, 1);
    // one store file per region: loading it starts no compaction, so nothing is deferred (no reopen at the end)
    run("schema", "--table", "deferred_quiet", "--target-table", "deferred_quiet_one", "--defer-compactions");
    assertThat(CompactionDeferral.deferred(descriptor(TableName.valueOf("deferred_quiet_one")))).isFalse();
    flushFiles(quiet, 3);
    run("schema", "--table", "deferred_quiet", "--target-table", "deferred_quiet_copy", "--defer-compactions");
    TableName copy = TableName.valueOf("deferred_quiet_copy");
    assertThat(descriptor(copy).getValue(CompactionDeferral.MARKER)).isEqualTo("false");
    run("cleanup", "--task-id", "workflow-deferred-cleanup", "--tables", "deferred_quiet=deferred_quiet_copy");
    assertThat(descriptor(copy).isCompactionEnabled()).isFalse();
    assertThat(CompactionDeferral.deferred(descriptor(copy))).isFalse();

    // the table exists: schema leaves it as it is
    run("schema", "--table", "deferred", "--target-table", "deferred_quiet_copy", "--defer-compactions");
    assertThat(CompactionDeferral.deferred(descriptor(copy))).isFalse();
  }

  @Test
  void thePutPathAndWalSyncTurnDeferredCompactionsOnBeforeWriting() throws Exception {
    TableName forPuts = TableName.valueOf("deferred_put");
    run("schema", "--table", "deferred", "--target-table", "deferred_put", "--defer-compactions");
    assertThat(CompactionDeferral.deferred(descriptor(forPuts))).isTrue();
    run("copy", "--task-id", "workflow-deferred-put", "--table", "deferred", "--target-table", "deferred_put",
        "--mode", "PUT");
    assertThat(descriptor(forPuts).isCompactionEnabled()).isTrue();
    assertThat(CompactionDeferral.deferred(descriptor(forPuts))).isFalse();
    assertIdentical(forPuts);

    TableName forSync = TableName.valueOf("deferred_sync");
    run("schema", "--table", "deferred", "--target-table", "deferred_sync", "--defer-compactions");
    WorkerProcess sync = WorkerProcess.start(work, "-Xmx512m", WorkerProcess.withClusters(sourceConf, destinationConf,
        "wal-sync", "--sync-id", "deferred-sync", "--tables", "deferred=deferred_sync", "--poll-ms", "50",
        "--status-file", work.resolve("deferred-sync.json").toString()));
    try {
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
          assertThat(CompactionDeferral.deferred(descriptor(forSync))).as(sync.outputText()).isFalse());
      assertThat(descriptor(forSync).isCompactionEnabled()).isTrue();
    } finally {
      sync.kill();
    }
  }

  // --- helpers ----------------------------------------------------------------------------

  private static void run(String command, String... args) {
    int code = WorkerMain.run(WorkerProcess.withClusters(sourceConf, destinationConf, command, args));
    assertThat(code).as("worker %s", command).isEqualTo(ExitCodes.OK);
  }

  /** Writes and flushes until the table's single region holds {@code files} store files. */
  private static void flushFiles(TableName table, int files) throws Exception {
    try (Admin admin = CLUSTERS.source().admin();
        org.apache.hadoop.hbase.client.Table out = CLUSTERS.source().connection().getTable(table);
        org.apache.hadoop.hbase.client.RegionLocator locator = CLUSTERS.source().connection().getRegionLocator(table)) {
      var server = locator.getAllRegionLocations().get(0).getServerName();
      for (int i = storeFiles(admin, server, table); i < files; i++) {
        out.put(new Put(Bytes.toBytes("r" + i)).addColumn(F, Bytes.toBytes("q"), Bytes.toBytes("v")));
        admin.flush(table);
      }
      assertThat(storeFiles(admin, server, table)).isEqualTo(files);
    }
  }

  private static int storeFiles(Admin admin, org.apache.hadoop.hbase.ServerName server, TableName table)
      throws IOException {
    return admin.getRegionMetrics(server, table).get(0).getStoreFileCount();
  }

  private static TableDescriptor descriptor(TableName table) throws IOException {
    try (Admin admin = dst.getAdmin()) {
      return admin.getDescriptor(table);
    }
  }

  private static List<Integer> storeFileCounts(TableName table) {
    return CLUSTERS.destination().util().getHBaseCluster().getRegions(table).stream()
        .map(HRegion::getStores).flatMap(List::stream).map(HStore::getStorefilesCount).toList();
  }

  private static void assertIdentical(TableName target) throws IOException {
    VerifyReport report = new TableVerifier(src, dst).verify(source, target, Set.of());
    assertThat(report.identical()).as(report.summary()).isTrue();
    assertThat(report.sourceCells()).isEqualTo(ROWS);
  }
}
