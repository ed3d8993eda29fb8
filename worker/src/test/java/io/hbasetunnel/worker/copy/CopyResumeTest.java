package io.hbasetunnel.worker.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.testing.TestData;
import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.SharedClusters;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.TableName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI between two real clusters, as separate processes: a copy killed with SIGKILL in the
 * middle of a table resumes on rerun, skipping the units it had finished, and the result is exact.
 */
@SharedClusters
class CopyResumeTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static final int REGIONS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;

  private static Path sourceConf;
  private static Path destinationConf;
  private static TableName table;

  @BeforeAll
  static void tableAndConfigs() throws Exception {
    table = CLUSTERS.source().createTable("resume")
        .family("d", f -> f.setMaxVersions(3))
        .splits(TestTable.evenSplits(REGIONS, 4000))
        .create();
    // ~8 MB over 20 regions: at 1 MB/s the copy takes seconds, long enough to kill it midway
    TestData.load(CLUSTERS.source().connection(), table, new TestData.Shape(4000, List.of("d"), 2, 2, 500), 7, 1000);
    CLUSTERS.source().admin().flush(table);
    sourceConf = CLUSTERS.source().writeClientConfigDir(work);
    destinationConf = CLUSTERS.destination().writeClientConfigDir(work);
  }

  @Test
  void bulkloadCopyKilledMidTableResumesSkippingFinishedUnits() throws Exception {
    assertThat(worker("schema", "--table", "resume", "--target-table", "resumed").waitFor(120)).isZero();

    Path progressFile = work.resolve("copy-progress.json");
    int statusPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      statusPort = free.getLocalPort();
    }
    WorkerProcess slow = worker("copy", "--task-id", "workflow-kill", "--table", "resume", "--target-table", "resumed",
        "--mode", "BULKLOAD", "--rate-limit-mbps", "1", "--parallelism", "1", "--progress-file", progressFile.toString(),
        "--status-port", String.valueOf(statusPort));
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> unitsDone(progressFile) >= 3 || !slow.isAlive());
    assertThat(slow.isAlive()).as("the copy should still be running: %s", slow.outputText()).isTrue();
    // the operator reads progress from the running pod, not only from its termination message
    JsonNode live = JSON.readTree(java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + statusPort + "/status")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    assertThat(live.get("state").asText()).isEqualTo("RUNNING");
    assertThat(live.get("unitsDone").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(live.get("unitsTotal").asInt()).isEqualTo(REGIONS);
    slow.kill();
    int doneBeforeKill = unitsDone(progressFile);
    assertThat(doneBeforeKill).isBetween(3, REGIONS - 1);

    WorkerProcess rerun = worker("copy", "--task-id", "workflow-kill", "--table", "resume", "--target-table", "resumed",
        "--mode", "BULKLOAD", "--progress-file", progressFile.toString());
    assertThat(rerun.waitFor(180)).as(rerun.outputText()).isEqualTo(ExitCodes.OK);
    JsonNode report = JSON.readTree(Files.readString(progressFile));
    assertThat(report.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(report.get("unitsTotal").asInt()).isEqualTo(REGIONS);
    assertThat(report.get("unitsSkipped").asInt()).isGreaterThanOrEqualTo(doneBeforeKill);
    assertThat(rerun.outputText()).contains("skipped");

    WorkerProcess load = worker("bulkload", "--task-id", "workflow-kill", "--table", "resume", "--target-table", "resumed");
    assertThat(load.waitFor(180)).as(load.outputText()).isEqualTo(ExitCodes.OK);

    VerifyReport verify = new TableVerifier(CLUSTERS.source().connection(), CLUSTERS.destination().connection())
        .verify(table, TableName.valueOf("resumed"), Set.of());
    assertThat(verify.identical()).as(verify.summary()).isTrue();
    assertThat(verify.sourceCells()).isEqualTo(4000L * 2 * 2);

    WorkerProcess cli = worker("verify", "--table", "resume", "--target-table", "resumed");
    assertThat(cli.waitFor(120)).as(cli.outputText()).isEqualTo(ExitCodes.OK);
    assertThat(cli.outputText()).contains("IDENTICAL resume -> resumed");
  }

  @Test
  void badInputExitsWithCode2AndAMessageNotAStackTrace() throws Exception {
    WorkerProcess missing = worker("copy", "--task-id", "workflow-bad", "--table", "no_such", "--mode", "PUT");
    assertThat(missing.waitFor(120)).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(missing.outputText()).contains("error: destination table no_such does not exist").doesNotContain("\tat ");

    WorkerProcess badShard = worker("copy", "--task-id", "workflow-bad", "--table", "resume", "--shard", "4/4");
    assertThat(badShard.waitFor(60)).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(badShard.outputText()).contains("--shard '4/4' must be i/N with 0 <= i < N");
  }

  @Test
  void unreachableClusterIsRetryableWithTheAddressInTheMessage() throws Exception {
    WorkerProcess process = WorkerProcess.start(work, "-Xmx256m", "schema", "--source-zk", "127.0.0.1:1:/hbase",
        "--destination-conf", destinationConf.toString(), "--table", "t1");
    assertThat(process.waitFor(180)).isEqualTo(ExitCodes.RETRYABLE);
    assertThat(process.outputText()).contains("cannot reach the source cluster at 127.0.0.1:1/hbase").doesNotContain("\tat ");
  }

  private static WorkerProcess worker(String command, String... args) throws Exception {
    return WorkerProcess.start(work, "-Xmx512m", WorkerProcess.withClusters(sourceConf, destinationConf, command, args));
  }

  private static int unitsDone(Path progressFile) {
    try {
      return Files.exists(progressFile) ? JSON.readTree(Files.readString(progressFile)).get("unitsDone").asInt() : 0;
    } catch (Exception e) {
      return 0;
    }
  }
}
