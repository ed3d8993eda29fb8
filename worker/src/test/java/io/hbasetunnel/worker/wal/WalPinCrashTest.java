package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.MiniHBaseCluster;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.apache.hadoop.hbase.wal.AbstractFSWALProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crashed region server's last WAL has no trailer. Its stream must count as read to its end
 * once the WAL is closed and read, or the pin stops rotating and the source keeps every WAL
 * forever. A real region server is aborted while a writer runs; and, so that the state that
 * matters holds for as long as the test needs it, a crashed server's WAL is laid in -splitting
 * by the test itself (written with HBase's WAL writer, open, then closed without a trailer as
 * lease recovery leaves it): the rotation that noted it waits while it is open, and completes
 * once it is closed and read, while it is still in -splitting.
 */
class WalPinCrashTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      .sourceRegionServers(2)
      .sourceSetting("hbase.master.logcleaner.ttl", "1000")
      .sourceSetting("hbase.master.cleaner.interval", "1000");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;

  private static SyncWorkers workers;

  @BeforeAll
  static void configs() throws Exception {
    workers = SyncWorkers.between(CLUSTERS, work);
  }

  @Test
  void thePinKeepsRotatingAcrossARegionServerCrashWhoseWalIsStillBeingSplit() throws Exception {
    TableName table = workers.createSynced("crash");
    Path status = work.resolve("crash.json");
    WorkerProcess sync = workers.walSync("wal-crash", "crash", System.currentTimeMillis(), status,
        "--pin-rotate-ms", "1000");
    MiniHBaseCluster hbase = CLUSTERS.source().util().getMiniHBaseCluster();
    FileSystem fs = CLUSTERS.source().fileSystem();

    try (RandomEditWriter writer = RandomEditWriter.start(CLUSTERS.source(), table, 61)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> SyncWorkers.offset(status) > 0 && writer.ops() > 300);
      long beforeCrash = pin().generation();
      hbase.abortRegionServer(hbase.getServerWithMeta() == 0 ? 1 : 0);
      await().atMost(Duration.ofMinutes(1)).until(() -> writer.ops() > 900 && pin().generation() >= beforeCrash + 2);

      // a crashed server's WAL being split: open, its last edits still coming, no trailer
      String dead = "deadhost,16020," + (System.currentTimeMillis() - 60_000);
      String deadStream = dead.replace(",", "%2C");
      HandWrittenWal wal = HandWrittenWal.create(fs, CLUSTERS.source().conf(),
          CommonFSUtils.getRootDir(CLUSTERS.source().conf()), dead, AbstractFSWALProvider.SPLITTING_EXT,
          System.currentTimeMillis());
      wal.append("last-1");
      long noted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        PinRotation.State state = pin();
        return state.starts() != null && PinRotation.DEAD.equals(state.starts().get(deadStream))
            ? state.generation() : -1L;
      }, generation -> generation >= 0);
      // while it is open it may still grow: the rotation that noted it waits
      wal.append("last-2");
      Thread.sleep(3000);
      assertThat(pin().generation()).as("no rotation completes past an open crashed WAL").isEqualTo(noted);

      // lease recovery closes it without a trailer; the split has not moved it yet
      wal.closeWithoutTrailer();
      long completed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> pin().generation(), generation -> generation > noted);
      assertThat(fs.exists(wal.path())).as("still in -splitting").isTrue();
      try (WalCheckpointStore store = new WalCheckpointStore(CLUSTERS.destination().connection(), "wal-crash")) {
        assertThat(store.read().drained()).contains(deadStream);
      }
      await().atMost(Duration.ofMinutes(1)).until(() -> pin().generation() >= completed + 2);
      System.out.printf("crash: pin generation %d before the abort; generation %d noted the crashed WAL in"
          + " -splitting, %d completed once it was closed (no trailer) and read, %d now%n", beforeCrash, noted,
          completed, pin().generation());
      fs.delete(wal.path().getParent(), true);
    }
    try {
      workers.awaitEqual(List.of(sync), table);
    } finally {
      sync.kill();
    }
    workers.releasePin("wal-crash");
  }

  private static PinRotation.State pin() throws Exception {
    try (WalCheckpointStore store = new WalCheckpointStore(CLUSTERS.destination().connection(), "wal-crash")) {
      String text = store.read().pin();
      return text == null ? new PinRotation.State(-1, 0, null) : JSON.readValue(text, PinRotation.State.class);
    }
  }
}
