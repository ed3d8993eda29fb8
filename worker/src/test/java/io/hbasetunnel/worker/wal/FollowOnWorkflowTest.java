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
    TableName table = workers.createSynced("follow_on");
    Path status = work.resolve("follow-on.json");
    String syncId = "wal-follow-on";
    try (RandomEditWriter writer = RandomEditWriter.startWithPutsAfterDeletes(CLUSTERS.source(), table, 23);
        Connection src = Connections.open("source", CLUSTERS.source().conf());
        Connection dst = Connections.open("destination", CLUSTERS.destination().conf())) {
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 300);

      WorkerProcess arm = workers.walSync(syncId, "follow_on", System.currentTimeMillis(), status, "--arm-only");
      assertThat(arm.waitFor(120)).as(arm.outputText()).isZero();
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 700);

      org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(
          CLUSTERS.destination().fileSystem().getUri() + "/follow-on-staging");
      CopyRequest copy = new CopyRequest("workflow-follow-on", table, table, CopyMode.BULKLOAD, CellFilter.ALL, null,
          staging, null, ShardSpec.ALL, null, 2);
      new TableCopier(CLUSTERS.source().conf(), src, CLUSTERS.destination().conf(), dst)
          .copy(copy, new CopyProgress("copy", "follow_on"));
      wals.rollAll();
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1100);
      SnapshotSource snapshot = SnapshotSource.open(CLUSTERS.source().conf(), copy.effectiveSnapshotName());
      new BulkLoader(CLUSTERS.destination().conf()).load(new StagingLayout(staging, copy.taskId(), table),
          snapshot.units(), table, new CopyProgress("bulkload", "follow_on"));
      majorCompact(CLUSTERS.destination().admin(), table);

      WorkerProcess sync = workers.walSync(syncId, "follow_on", System.currentTimeMillis(), status);
      try {
        await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1500);
        writer.close();
        VerifyReport report = workers.awaitEqual(List.of(sync), table);
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
