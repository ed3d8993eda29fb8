package io.hbasetunnel.worker.wal;

import static org.awaitility.Awaitility.await;

import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that writes compressed WALs (dictionary compression): reopening a file at a saved
 * position must rebuild the dictionary from the file's start. The worker is
 * SIGKILLed and restarted in the middle of a file so that it resumes at such a position.
 */
class WalCompressionTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      .sourceSetting("hbase.regionserver.wal.enablecompression", "true");

  @TempDir
  static Path work;

  private static SyncWorkers workers;

  @BeforeAll
  static void configs() throws Exception {
    workers = SyncWorkers.between(CLUSTERS, work);
  }

  @Test
  void compressedWalsAreReadAcrossRestartsAndRolls() throws Exception {
    TableName table = workers.createSynced("zip");
    long start = System.currentTimeMillis();
    Path status = work.resolve("zip.json");
    WorkerProcess sync = workers.walSync("wal-zip", "zip", start, status);
    try (RandomEditWriter writer = RandomEditWriter.start(CLUSTERS.source(), table, 41)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> SyncWorkers.offset(status) > 0 && writer.ops() > 500);
      sync.kill();
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1000);
      sync = workers.walSync("wal-zip", "zip", start, status);
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 1500);
      new SourceWals(CLUSTERS.source()).rollAll();
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 2000);
    }
    try {
      var report = workers.awaitEqual(List.of(sync), table);
      System.out.printf("compressed WALs: %d cells equal after a restart mid-file and a roll%n", report.sourceCells());
    } finally {
      sync.kill();
    }
    workers.releasePin("wal-zip");
  }
}
