package io.hbasetunnel.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.testing.TestData;
import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.SharedClusters;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerMain;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code worker verify --snapshot --report-file} as the operator's verify Job runs it, on two
 * real clusters: the file holds the VerifyReport JSON the operator reads from the pod's
 * termination message (the keys VerifyResults reads), later source writes do not count, and
 * the file stays within the 4096 bytes the kubelet keeps even with long row keys.
 */
@SharedClusters
class VerifyReportFileTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static final byte[] D = Bytes.toBytes("d");
  private static final byte[] Q = Bytes.toBytes("q");
  private static final int ROWS = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  @Test
  void theReportFileHoldsTheCountsTheOperatorReadsAndFitsATerminationMessage() throws Exception {
    TableName src = CLUSTERS.source().createTable("report_src").family("d").splits(TestTable.evenSplits(4, ROWS)).create();
    TableName dst = CLUSTERS.destination().createTable("report_dst").family("d").create();
    for (var cluster : new io.hbasetunnel.testing.TestCluster[] {CLUSTERS.source(), CLUSTERS.destination()}) {
      try (Table table = cluster.table(cluster == CLUSTERS.source() ? "report_src" : "report_dst")) {
        for (int i = 0; i < ROWS; i++) {
          table.put(new Put(Bytes.toBytes(TestData.rowKey(i))).addColumn(D, Q, 1_000 + i, Bytes.toBytes("v" + i)));
        }
      }
    }
    try (Admin admin = CLUSTERS.source().admin()) {
      admin.snapshot("report_snap", src);
    }
    // written after the snapshot: the snapshot compare must not count them
    try (Table table = CLUSTERS.source().table("report_src")) {
      for (int i = ROWS; i < ROWS + 50; i++) {
        table.put(new Put(Bytes.toBytes(TestData.rowKey(i))).addColumn(D, Q, 5_000 + i, Bytes.toBytes("late")));
      }
    }
    Path srcConf = CLUSTERS.source().writeClientConfigDir(work);
    Path dstConf = CLUSTERS.destination().writeClientConfigDir(work);

    Path whole = work.resolve("whole.json");
    Run identical = verify(srcConf, dstConf, whole, "--snapshot", "report_snap");
    assertThat(identical.code()).as(identical.out()).isEqualTo(ExitCodes.OK);
    JsonNode report = JSON.readTree(Files.readString(whole));
    assertThat(report.path("scope").asText()).isEqualTo("all 4 regions");
    assertThat(report.path("sourceCells").asLong()).isEqualTo(ROWS);
    assertThat(report.path("destinationCells").asLong()).isEqualTo(ROWS);
    assertThat(report.path("matchingCells").asLong()).isEqualTo(ROWS);
    assertThat(report.path("missingInDestination").asLong()).isZero();
    assertThat(report.path("extraInDestination").asLong()).isZero();
    assertThat(report.path("valueDiffers").asLong()).isZero();
    assertThat(report.path("firstDifferences")).isEmpty();

    Path sampled = work.resolve("sampled.json");
    Run sample = verify(srcConf, dstConf, sampled, "--snapshot", "report_snap", "--sample-regions", "2");
    assertThat(sample.code()).as(sample.out()).isEqualTo(ExitCodes.OK);
    JsonNode part = JSON.readTree(Files.readString(sampled));
    assertThat(part.path("scope").asText()).isEqualTo("2 of 4 regions");
    assertThat(part.path("sourceCells").asLong()).isBetween(1L, (long) ROWS - 1);
    assertThat(part.path("matchingCells").asLong()).isEqualTo(part.path("sourceCells").asLong())
        .isEqualTo(part.path("destinationCells").asLong());

    // differences with 2 KB row keys: 25 extra rows, and one row deleted on the destination
    try (Table table = CLUSTERS.destination().table("report_dst")) {
      for (int i = 0; i < 25; i++) {
        String key = TestData.rowKey(0) + "-" + i + "-" + "k".repeat(2048);
        table.put(new Put(Bytes.toBytes(key)).addColumn(D, Q, 7, Bytes.toBytes("extra")));
      }
      table.delete(new Delete(Bytes.toBytes(TestData.rowKey(ROWS - 1))));
    }
    Path differing = work.resolve("differing.json");
    Run different = verify(srcConf, dstConf, differing, "--snapshot", "report_snap");
    assertThat(different.code()).as(different.out()).isEqualTo(ExitCodes.DIFFERENCES);
    byte[] bytes = Files.readAllBytes(differing);
    assertThat(bytes.length).as("what the kubelet keeps of a termination message").isLessThanOrEqualTo(4096);
    JsonNode found = JSON.readTree(bytes);
    // the 25 rows, and the delete marker of the deleted row; RAW still sees the put it masks
    assertThat(found.path("extraInDestination").asLong()).isEqualTo(26);
    assertThat(found.path("missingInDestination").asLong()).isZero();
    assertThat(found.path("matchingCells").asLong()).isEqualTo(ROWS);
    assertThat(found.path("destinationCells").asLong()).isEqualTo(ROWS + 26);
    assertThat(found.path("firstDifferences")).isNotEmpty();
    JsonNode first = found.path("firstDifferences").get(0);
    assertThat(first.path("kind").asText()).isEqualTo("EXTRA_IN_DESTINATION");
    assertThat(first.path("row").asText()).startsWith(TestData.rowKey(0) + "-").endsWith("...").hasSizeLessThan(200);
    assertThat(first.path("family").asText()).isEqualTo("d");
    assertThat(first.path("timestamp").asLong()).isEqualTo(7);
    // stdout (--json) keeps the whole report: 20 differences with their full keys
    JsonNode printed = JSON.readTree(different.out().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
    assertThat(printed.path("firstDifferences")).hasSize(20);
    assertThat(printed.path("firstDifferences").get(0).path("row").asText()).hasSizeGreaterThan(2048);
  }

  record Run(int code, String out) {}

  private static Run verify(Path srcConf, Path dstConf, Path reportFile, String... args) {
    String[] all = new String[args.length + 7];
    System.arraycopy(new String[] {"--table", "report_src", "--target-table", "report_dst", "--json", "--report-file",
        reportFile.toString()}, 0, all, 0, 7);
    System.arraycopy(args, 0, all, 7, args.length);
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code = WorkerMain.run(WorkerProcess.withClusters(srcConf, dstConf, "verify", all));
      return new Run(code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
    }
  }

}
