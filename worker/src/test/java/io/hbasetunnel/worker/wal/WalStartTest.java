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
import org.apache.hadoop.hbase.TableName;
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
      assertThat(sync.outputText()).contains("start the sync from a newer time (--start-time " + oldest)
          .contains("re-run a full copy").doesNotContain("\tat ");
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
