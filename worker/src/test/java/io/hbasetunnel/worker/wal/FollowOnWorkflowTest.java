package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.progress.CopyProgress;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.CompactionState;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import io.hbasetunnel.worker.schema.DeleteRetention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-downtime order of a full migration with follow-on sync, on real clusters while a
 * writer keeps writing (puts, versions, every delete kind): arm the WAL pin and record T, take
 * the snapshot and copy, bulk load, major-compact the destination (it drops delete markers and
 * what they mask), and only then apply every edit from T on. Nothing is missing (the pin kept
 * every WAL since T under a 1 s log cleaner) and nothing comes back (no delete was applied before
 * the data it masks had arrived).
 *
 * <p>The writer's puts lag behind the server's clock, so some sit at or below a whole-row delete
 * written before them; and 100 rows are deleted before the arm and written again below the
 * delete after it. Without {@code --retain-deletes} the destination's major compaction drops the
 * markers before the replay brings those puts back (the control table shows all 100); with it
 * the table is equal, raw, once the sync has given the source's setting back.
 */
class FollowOnWorkflowTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      .sourceSetting("hbase.master.logcleaner.ttl", "1000")
      .sourceSetting("hbase.master.cleaner.interval", "1000");

  @TempDir
  static Path work;

  @Test
  void armSnapshotCopyBulkLoadThenApplyLeavesNoGapAndResurrectsNothing() throws Exception {
    SyncWorkers workers = SyncWorkers.between(CLUSTERS, work);
    SourceWals wals = new SourceWals(CLUSTERS.source());
    // schema --retain-deletes: the destination keeps delete markers until the sync passes its start
    TableName table = workers.createSynced("follow_on", true);
    // the same without the flag: shows what the flag prevents
    TableName control = workers.createSynced("follow_on_control", false);
    Path status = work.resolve("follow-on.json");
    String syncId = "wal-follow-on";
    String tables = "follow_on,follow_on_control";
    // whole-row deletes stamped with the server's clock while the writer's put timestamps lag
    // behind it: puts written after a delete at or below its timestamp, masked on the source
    try (RandomEditWriter writer = RandomEditWriter.start(CLUSTERS.source(), table, 23);
        Connection src = Connections.open("source", CLUSTERS.source().conf());
        Connection dst = Connections.open("destination", CLUSTERS.destination().conf())) {
      long deleteTime = System.currentTimeMillis();
      MaskedPuts masked = new MaskedPuts(deleteTime);
      masked.deleteRows(List.of(table, control));
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 300);

      WorkerProcess arm = workers.walSync(syncId, tables, System.currentTimeMillis(), status, "--arm-only");
      assertThat(arm.waitFor(120)).as(arm.outputText()).isZero();
      // after T, before the snapshot: in the copy and in the replay
      masked.putBelowDeletes(List.of(table, control), 0, MaskedPuts.ROWS / 2);
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 700);

      org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(
          CLUSTERS.destination().fileSystem().getUri() + "/follow-on-staging");
      List<CopyRequest> copies = new java.util.ArrayList<>();
      for (TableName t : List.of(table, control)) {
        CopyRequest copy = new CopyRequest("workflow-follow-on", t, t, CopyMode.BULKLOAD, CellFilter.ALL, null,
            staging, null, ShardSpec.ALL, null, 2);
        new TableCopier(CLUSTERS.source().conf(), src, CLUSTERS.destination().conf(), dst)
            .copy(copy, new CopyProgress("copy", t.getNameAsString()));
        copies.add(copy);
      }
      // after the snapshot: in the replay only
      masked.putBelowDeletes(List.of(table, control), MaskedPuts.ROWS / 2, MaskedPuts.ROWS);
      wals.rollAll();
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1100);
      for (CopyRequest copy : copies) {
        SnapshotSource snapshot = SnapshotSource.open(CLUSTERS.source().conf(), copy.effectiveSnapshotName());
        new BulkLoader(CLUSTERS.destination().conf()).load(new StagingLayout(staging, copy.taskId(),
            copy.sourceTable()), snapshot.units(), copy.targetTable(), new CopyProgress("bulkload", "follow_on"));
        // drops every delete marker of the control table, and what they mask
        majorCompact(CLUSTERS.destination().admin(), copy.targetTable());
      }

      long syncStart = System.currentTimeMillis();
      WorkerProcess sync = workers.walSync(syncId, tables, syncStart, status,
          "--retain-deletes-until", String.valueOf(syncStart));
      try {
        await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1500);
        writer.close();
        workers.awaitVisiblyEqual(List.of(sync), table);
        // the control table shows the masked puts the replay re-applied after its markers were gone
        VerifyReport resurrected = new TableVerifier(src, dst).mode(TableVerifier.Mode.VISIBLE)
            .verify(control, control, java.util.Set.of());
        System.out.println("control table without --retain-deletes:\n" + resurrected.summary());
        assertThat(resurrected.extraInDestination()).as(resurrected.summary()).isEqualTo(MaskedPuts.ROWS);
        assertThat(resurrected.missingInDestination() + resurrected.valueDiffers()).isZero();
        // the sync passed its start: the destination drops markers as the source does again, once
        await().atMost(Duration.ofMinutes(1)).until(() -> !retains(table));
        assertThat(SyncWorkers.status(status).path("state").asText()).isNotEqualTo("FAILED");
        VerifyReport report = workers.rawEqualAfterMajorCompaction(table);
        System.out.printf("follow-on: %d writes, %d cells equal cell for cell%n", writer.ops(), report.sourceCells());
        // the writes between the arm and the snapshot were applied twice (copy + replay): harmless
        VerifyReport visible = new TableVerifier(src, dst).mode(TableVerifier.Mode.VISIBLE)
            .verify(table, table, java.util.Set.of());
        assertThat(visible.identical()).as(visible.summary()).isTrue();
      } finally {
        sync.kill();
      }
    }
    workers.releasePin(syncId);
  }

  /**
   * A source major compaction between the arm and the snapshot drops markers the replay would
   * need: `copy --follow-on-sync-id` refuses that snapshot, and copies a table that was not
   * compacted in between.
   */
  @Test
  void aSourceMajorCompactionBetweenArmAndSnapshotIsRefused() throws Exception {
    SyncWorkers workers = SyncWorkers.withCompactions(CLUSTERS, work);
    TableName compacted = workers.createSynced("follow_on_compacted");
    TableName quiet = workers.createSynced("follow_on_quiet");
    Path sourceConf = CLUSTERS.source().writeClientConfigDir(work);
    Path destinationConf = CLUSTERS.destination().writeClientConfigDir(work);
    String syncId = "wal-follow-on-compacted";
    for (TableName t : List.of(compacted, quiet)) {
      MaskedPuts rows = new MaskedPuts(System.currentTimeMillis());
      rows.deleteRows(List.of(t));
      CLUSTERS.source().util().flush(t);
    }
    WorkerProcess arm = WorkerProcess.start(work, "-Xmx512m", WorkerProcess.withClusters(sourceConf, destinationConf,
        "wal-sync", "--sync-id", syncId, "--tables", "follow_on_compacted,follow_on_quiet", "--arm-only"));
    assertThat(arm.waitFor(120)).as(arm.outputText()).isZero();
    new MaskedPuts(System.currentTimeMillis()).putBelowDeletes(List.of(compacted), 0, 10);
    CLUSTERS.source().util().flush(compacted);
    majorCompact(CLUSTERS.source().admin(), compacted);

    for (TableName t : List.of(compacted, quiet)) {
      WorkerProcess copy = WorkerProcess.start(work, "-Xmx512m", WorkerProcess.withClusters(sourceConf,
          destinationConf, "copy", "--table", t.getNameAsString(), "--task-id", "workflow-compacted", "--mode", "PUT",
          "--follow-on-sync-id", syncId));
      int code = copy.waitFor(180);
      if (t.equals(compacted)) {
        assertThat(code).as(copy.outputText()).isEqualTo(2);
        assertThat(copy.outputText()).contains("was major-compacted after the follow-on sync was armed")
            .contains("Arm again and copy again").doesNotContain("\tat ");
      } else {
        assertThat(code).as(copy.outputText()).isZero();
      }
    }
    workers.releasePin(syncId);
  }

  private static boolean retains(TableName table) throws Exception {
    try (Admin admin = CLUSTERS.destination().admin()) {
      return DeleteRetention.retains(admin.getDescriptor(table).getColumnFamily(Bytes.toBytes("d")));
    }
  }

  /**
   * Rows deleted at a fixed time before the arm, then written again below that time: HBase
   * masks such puts for as long as the marker exists ("deletes mask puts").
   */
  private static final class MaskedPuts {
    static final int ROWS = 100;
    private static final byte[] D = Bytes.toBytes("d");
    private final long deleteTime;

    MaskedPuts(long deleteTime) {
      this.deleteTime = deleteTime;
    }

    void deleteRows(List<TableName> tables) throws Exception {
      for (TableName name : tables) {
        try (Table t = CLUSTERS.source().table(name.getNameAsString())) {
          for (int i = 0; i < ROWS; i++) {
            t.put(new Put(row(i)).addColumn(D, Bytes.toBytes("m"), deleteTime - 10_000, Bytes.toBytes("old")));
            t.delete(new Delete(row(i), deleteTime));
          }
        }
      }
    }

    void putBelowDeletes(List<TableName> tables, int from, int to) throws Exception {
      for (TableName name : tables) {
        try (Table t = CLUSTERS.source().table(name.getNameAsString())) {
          for (int i = from; i < to; i++) {
            t.put(new Put(row(i)).addColumn(D, Bytes.toBytes("m"), deleteTime - 1, Bytes.toBytes("masked")));
          }
        }
      }
    }

    private static byte[] row(int i) {
      return Bytes.toBytes(String.format("masked-%03d", i));
    }
  }

  /** Runs a major compaction now, although the test keeps the destination's compactions switched off. */
  private static void majorCompact(Admin admin, TableName table) throws Exception {
    try (admin) {
      admin.compactionSwitch(true, List.of());
      admin.majorCompact(table);
      await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ofMillis(500))
          .until(() -> admin.getCompactionState(table) == CompactionState.NONE);
      admin.compactionSwitch(false, List.of());
    }
  }
}
