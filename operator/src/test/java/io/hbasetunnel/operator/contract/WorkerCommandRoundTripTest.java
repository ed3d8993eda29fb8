package io.hbasetunnel.operator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbasetunnel.api.v1alpha1.Compression;
import io.hbasetunnel.contract.command.CopyArgs;
import io.hbasetunnel.contract.command.CopyMode;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerPods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each command line the operator's {@link WorkerCommand} builds (every step of a migration and a
 * sync, with the options their specs can set), parsed by the worker's real picocli command line:
 * the worker accepts it, and sees every option with the value of the typed object it came from.
 * The Jobs the running operator makes are parsed too, in {@link OperatorCommandsParseTest}.
 */
class WorkerCommandRoundTripTest {
  private static final String TASK_ID = "orders-move-0a1b2c3d4e5f";
  private static final String TERMINATION_LOG = WorkerPods.TERMINATION_LOG;

  static Stream<WorkerCommand> commands() {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("t1", "t1");
    tables.put("ns:orders", "archive:orders_2024");
    return Stream.of(
        // FullDataMigration: schema of a bulkload migration with a follow-on sync, families and compression
        WorkerCommand.schema().table("ns:orders", "archive:orders_2024").families(List.of("d", "m"))
            .compression(Compression.SNAPPY).progressFile(TERMINATION_LOG).retainDeletes(true).deferCompactions(true),
        // IncrementalSync: schema of a plain table
        WorkerCommand.schema().table("t1", "t1").families(List.of()).compression(null).progressFile(TERMINATION_LOG),
        // copy, bulkload mode, loading as staged, follow-on
        WorkerCommand.copy().table("ns:orders", "archive:orders_2024").families(List.of("d")).taskId(TASK_ID)
            .stagingDir("/hbase-tunnel-staging").retainDeletes(true).followOnSyncId(TASK_ID).progressFile(TERMINATION_LOG)
            .mode(true).loadAsStaged(true).snapshot(null).startTime(null).endTime(null).startRow(null).stopRow(null)
            .maxVersions(null).rateLimitMbps(null).compression(Compression.GZ).statusPort(8080),
        // copy, put mode, from the user's snapshot with every filter of extraAttrs
        WorkerCommand.copy().table("t1", "t1").families(List.of()).taskId(TASK_ID).stagingDir("hdfs://nn:8020/staging")
            .retainDeletes(false).followOnSyncId(null).progressFile(TERMINATION_LOG).mode(false).loadAsStaged(false)
            .snapshot("nightly-t1").startTime(1_700_000_000_000L).endTime(1_700_000_600_000L).startRow("row\\x00a")
            .stopRow("row\\xFF").maxVersions(3).rateLimitMbps(40).compression(null).statusPort(18080),
        WorkerCommand.bulkload().table("ns:orders", "archive:orders_2024").families(List.of("d", "m")).taskId(TASK_ID)
            .stagingDir("/hbase-tunnel-staging").progressFile(TERMINATION_LOG).snapshot("nightly").statusPort(8080),
        // verify sampled (the copy's snapshot) and full
        WorkerCommand.verify().table("ns:orders", "archive:orders_2024").families(List.of("d"))
            .snapshot("hbt-" + TASK_ID + "-ns-orders").sampleRegions(4).jsonReport(TERMINATION_LOG),
        WorkerCommand.verify().table("t1", "t1").families(List.of()).snapshot("nightly-t1").sampleRegions(null)
            .jsonReport(TERMINATION_LOG),
        WorkerCommand.cleanup().taskId(TASK_ID).stagingDir("/hbase-tunnel-staging").syncTables(tables),
        // the follow-on's arm (start time: now) and a standalone sync's arm (its start time)
        WorkerCommand.armWalSync().syncId(TASK_ID).syncTables(tables).families(List.of("d")).statusFile(TERMINATION_LOG),
        WorkerCommand.armWalSync().syncId("sync-1-0a1b2c3d4e5f").syncTables(tables).families(List.of())
            .startTime(1_700_000_000_000L).statusFile(TERMINATION_LOG),
        // the sync's Deployment: a follow-on sync keeps delete markers until it passed its creation
        WorkerCommand.walSync().syncId(TASK_ID).syncTables(tables).families(List.of("d", "m")).workerId("$(POD_NAME)")
            .statusPort(8080).statusFile("/tmp/wal-sync-status.json").startTime(1_700_000_000_000L)
            .retainDeletesUntil(1_700_000_900_000L),
        WorkerCommand.walSync().syncId("sync-1-0a1b2c3d4e5f").syncTables(Map.of("t1", "t1")).families(List.of())
            .workerId("$(POD_NAME)").statusPort(8080).statusFile("/tmp/wal-sync-status.json").startTime(null)
            .retainDeletesUntil(null),
        WorkerCommand.releasePin().syncId(TASK_ID));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void theWorkerParsesWhatTheOperatorRendersOptionByOption(WorkerCommand command) {
    assertThat(command.args()).as("the operator's args are the typed object's rendering").isEqualTo(command.typed().toArgs());
    CommandRoundTrip.assertRoundTrip(command.typed());
  }

  @Test
  void everyWorkerSubcommandIsCovered() {
    assertThat(commands().map(WorkerCommand::command).distinct())
        .containsExactlyInAnyOrderElementsOf(new picocli.CommandLine(new io.hbasetunnel.worker.WorkerMain()).getSubcommands()
            .keySet().stream().filter(name -> !name.equals("help")).toList());
  }

  @Test
  void aMismatchIsCaught() {
    CopyArgs typed = (CopyArgs) WorkerCommand.copy().table("t1", "t1").taskId(TASK_ID).mode(false).typed();
    CopyArgs other = new CopyArgs(typed.clusters(), typed.table(), typed.targetTable(), typed.families(), typed.taskId(),
        typed.stagingDir(), false, null, null, CopyMode.BULKLOAD, false, null, null, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> CommandRoundTrip.assertMatches(CommandRoundTrip.parse(typed.toArgs()), other))
        .hasMessageContaining("--mode");
  }

  @Test
  void anOptionTheCommandDoesNotTakeIsRefusedBeforeAnyJob() {
    assertThatThrownBy(() -> WorkerCommand.schema().table("t1", "t1").taskId(TASK_ID).args())
        .hasMessageContaining("worker schema takes no [--task-id]");
  }
}
