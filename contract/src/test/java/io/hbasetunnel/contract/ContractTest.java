package io.hbasetunnel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbasetunnel.contract.naming.StagingPaths;
import io.hbasetunnel.contract.naming.TaskIds;
import io.hbasetunnel.contract.report.ProgressReport;
import io.hbasetunnel.contract.report.Reports;
import io.hbasetunnel.contract.report.SyncStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's rules on their own; both sides using them is checked in the worker's and the operator's tests. */
class ContractTest {
  @Test
  void exitCodesAreTheDocumentedNumbersAndSayWhetherARerunHelps() {
    assertThat(ExitCode.failJobCodes()).containsExactly(2, 3);
    assertThat(ExitCode.failSyncCodes()).containsExactly(2, 4);
    assertThat(ExitCode.failArmJobCodes()).containsExactly(2, 3, 4);
    assertThat(ExitCode.of(143)).contains(ExitCode.TERMINATED);
    assertThat(ExitCode.RETRYABLE.retryHelps()).isTrue();
    assertThat(ExitCode.of(7)).isEmpty();
  }

  @Test
  void runIdsAndTableKeysAreStableAndDistinct() {
    assertThat(TaskIds.runId("orders", "2b0c-uid")).matches("orders-[0-9a-f]{12}").isEqualTo(TaskIds.runId("orders", "2b0c-uid"))
        .isNotEqualTo(TaskIds.runId("orders", "other-uid"));
    assertThat(TaskIds.tableKey("a", "bc")).hasSize(10).isNotEqualTo(TaskIds.tableKey("ab", "c"));
    assertThatThrownBy(() -> TaskIds.runId("orders", null)).hasMessageContaining("no metadata.uid");
  }

  @Test
  void stagingDirectoriesAreKeyedByTaskAndSourceTable() {
    assertThat(StagingPaths.tablePath("m-1", "t1")).isEqualTo("m-1/default/t1");
    assertThat(StagingPaths.tablePath("m-1", "ns:t2")).isEqualTo("m-1/ns/t2");
    assertThat(StagingPaths.taskDir("/hbase-tunnel-staging", "m-1")).isEqualTo("/hbase-tunnel-staging/m-1");
    assertThat(StagingPaths.taskDir("hdfs://nn/s/", "m-1")).isEqualTo("hdfs://nn/s/m-1");
  }

  @Test
  void reportsReadWhatTheyWriteAndLeaveUnsetOptionalFieldsOut() throws Exception {
    ProgressReport report = new ProgressReport("copy", "t1", "RUNNING", 1, 4, 0, 0, 10, 20, 1024, 1.5, null, 2.0, null, null, "");
    String json = Reports.write(report);
    assertThat(json).doesNotContain("skipped", "snapshotTime").contains("\"etaSeconds\":null");
    assertThat(Reports.read(json, ProgressReport.class)).isEqualTo(report);
    assertThat(Reports.read("{\"unitsDone\":3,\"newerField\":1}", ProgressReport.class).unitsDone()).isEqualTo(3);
    SyncStatus status = new SyncStatus("RUNNING", 5, 6, 1L, 0.5, 9, 1, 0, 0, 0, 0, 0,
        Map.of("default:t1", new SyncStatus.TableCounts(3, 1)), "", new SyncStatus.Problem("NoWalStream", "no WAL under x"));
    assertThat(Reports.read(Reports.write(status), SyncStatus.class)).isEqualTo(status);
  }
}
