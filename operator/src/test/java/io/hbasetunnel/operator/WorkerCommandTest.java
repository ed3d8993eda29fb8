package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.api.v1alpha1.Compression;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker command lines of docs/worker-contract.md, and the identities they carry. */
class WorkerCommandTest {
  @Test
  void everyCommandCarriesTheClusterConfigsAndLeavesUnsetFlagsOut() {
    // in the contract's order (CopyArgs), whatever order the options were set in
    assertThat(WorkerCommand.copy().table("ns:t", "ns:t2").taskId("m-0123").snapshot(null).startTime(5L).maxVersions(null)
        .mode(true).loadAsStaged(true).compression(Compression.SNAPPY).args())
        .containsExactly("copy", "--source-conf", "/etc/hbase-tunnel/source", "--destination-conf", "/etc/hbase-tunnel/destination",
            "--table", "ns:t", "--target-table", "ns:t2", "--task-id", "m-0123", "--mode", "BULKLOAD", "--load-as-staged",
            "--start-time", "5", "--compression", "SNAPPY");
    assertThat(WorkerCommand.copy().mode(false).loadAsStaged(false).args()).contains("PUT").doesNotContain("--load-as-staged");
    assertThat(WorkerCommand.schema().families(List.of()).args()).doesNotContain("--families");
    var targets = new java.util.LinkedHashMap<String, String>();
    targets.put("t1", "t1");
    targets.put("ns:t2", "ns:t3");
    assertThat(WorkerCommand.walSync().syncTables(targets).args()).containsSubsequence("wal-sync", "--tables", "t1,ns:t2=ns:t3");
    assertThat(WorkerCommand.armWalSync().syncId("m-1").args()).containsSubsequence("wal-sync", "--source-conf", "/etc/hbase-tunnel/source", "--arm-only")
        .containsSubsequence("--sync-id", "m-1");
    assertThat(WorkerCommand.verify().sampleRegions(null).jsonReport("/dev/termination-log").args())
        .doesNotContain("--sample-regions").containsSubsequence("--json", "--report-file", "/dev/termination-log");
  }

  @Test
  void tableKeysDependOnSourceAndTargetOnly() {
    assertThat(TaskIdentity.tableKey("t1", "t1")).isEqualTo(TaskIdentity.tableKey(new TableSpec("t1")))
        .isNotEqualTo(TaskIdentity.tableKey("t1", "t1_copy")).hasSize(10);
    assertThat(TaskIdentity.tableKey("a", "bc")).isNotEqualTo(TaskIdentity.tableKey("ab", "c"));
  }
}
