package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.Compression;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.VerifySpec;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.RunIds;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.worker.WorkerMain;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The running operator's Jobs and wal-sync Deployment, for migrations and a sync that use every
 * option their specs can set, each parsed by the worker's real command line parser: the worker
 * accepts every command the operator makes, and the run id the operator recorded on the object
 * (what it reads back) is the one in its arguments. Option-by-option checks of each command are
 * in contract.WorkerCommandRoundTripTest.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorCommandsParseTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();
  private static final Map<String, HasMetadata> MADE = new ConcurrentHashMap<>();
  private static final List<Watch> WATCHES = new java.util.ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    WATCHES.add(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).watch(recorder()));
    WATCHES.add(client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).watch(recorder()));
  }

  @AfterAll
  static void stop() {
    WATCHES.forEach(Watch::close);
  }

  @Test
  void theWorkerParsesEveryCommandTheOperatorMakes() throws Exception {
    bulkloadMigrationWithRenamedTableFamiliesAndSampledVerify();
    putMigrationsWithEveryFilterAndWithFullVerify();
    followOnMigration();
    standaloneSyncFromAStartTime();

    Set<String> commands = new TreeSet<>();
    boolean armOnly = false;
    for (HasMetadata made : MADE.values()) {
      List<String> args = workerArgs(made);
      ParseResult parsed = parse(args);
      commands.add(parsed.commandSpec().name());
      armOnly |= parsed.hasMatchedOption("--arm-only");
      String runId = parsed.hasMatchedOption("--task-id") ? parsed.matchedOptionValue("--task-id", "")
          : parsed.matchedOptionValue("--sync-id", null);
      assertThat(RunIds.of(made)).as("%s: the run id recorded on it", made.getMetadata().getName())
          .isEqualTo(java.util.Optional.ofNullable(runId));
    }
    assertThat(commands).as("every worker command the operator uses")
        .containsExactlyInAnyOrder("schema", "copy", "bulkload", "verify", "cleanup", "wal-sync", "release-pin");
    assertThat(armOnly).isTrue();
  }

  private static void bulkloadMigrationWithRenamedTableFamiliesAndSampledVerify() throws Exception {
    FullDataMigration task = FullDataMigrationReconcilerTest.migration("rt-bulk", true, true, 2);
    TableSpec table = new TableSpec("ns1:t1");
    table.setTargetName("ns2:t1_copy");
    table.setColumnFamilies(List.of("d", "m"));
    task.getSpec().setTables(List.of(table));
    task.getSpec().setVerify(null);
    task.getSpec().getExtraAttrs().setCompression(Compression.SNAPPY);
    client.resource(task).create();
    String key = TaskIdentity.tableKey("ns1:t1", "ns2:t1_copy");
    OperatorFixture.awaitJob(client, Names.child("rt-bulk", key + "-schema"));
    OperatorFixture.succeed(client, Names.child("rt-bulk", key + "-schema"), Map.of("message", "created"));
    OperatorFixture.awaitJob(client, Names.child("rt-bulk", key + "-copy"));
    OperatorFixture.succeed(client, Names.child("rt-bulk", key + "-copy"), Map.of("unitsDone", 2, "unitsTotal", 2));
    OperatorFixture.awaitJob(client, Names.child("rt-bulk", key + "-bulkload"));
    OperatorFixture.succeed(client, Names.child("rt-bulk", key + "-bulkload"), Map.of("unitsDone", 2, "unitsTotal", 2));
    OperatorFixture.awaitJob(client, Names.child("rt-bulk", key + "-verify"));
    deleteAndAwaitJob(FullDataMigration.class, "rt-bulk", "cleanup");
  }

  private static void putMigrationsWithEveryFilterAndWithFullVerify() throws Exception {
    FullDataMigration task = FullDataMigrationReconcilerTest.migration("rt-put", false, false, 1);
    ExtraAttrs extra = new ExtraAttrs();
    extra.setStartTime(1_700_000_000_000L);
    extra.setEndTime(1_700_000_600_000L);
    extra.setStartRow("row\\x00a");
    extra.setStopRow("row\\xFF");
    extra.setMaxVersions(3);
    extra.setRateLimitMBps(40);
    extra.setSnapshotName("nightly-t1");
    task.getSpec().setExtraAttrs(extra);
    // a filtered copy cannot be verified against whole snapshot regions
    task.getSpec().setVerify(new VerifySpec(VerifySpec.VerifyMode.NONE, null));
    client.resource(task).create();
    String key = TaskIdentity.tableKey("t1", "t1");
    OperatorFixture.awaitJob(client, Names.child("rt-put", key + "-copy"));

    FullDataMigration whole = FullDataMigrationReconcilerTest.migration("rt-full", false, false, 1);
    whole.getSpec().setVerify(new VerifySpec(VerifySpec.VerifyMode.FULL, null));
    client.resource(whole).create();
    OperatorFixture.awaitJob(client, Names.child("rt-full", key + "-copy"));
    OperatorFixture.succeed(client, Names.child("rt-full", key + "-copy"), Map.of("unitsDone", 1, "unitsTotal", 1));
    OperatorFixture.awaitJob(client, Names.child("rt-full", key + "-verify"));
  }

  private static void followOnMigration() throws Exception {
    FullDataMigration task = FullDataMigrationReconcilerTest.migration("rt-fo", true, true, 1);
    task.getSpec().setVerify(null);
    ExtraAttrs extra = new ExtraAttrs();
    extra.setIncrementalFollowOn(true);
    task.getSpec().setExtraAttrs(extra);
    client.resource(task).create();
    OperatorFixture.awaitJob(client, Names.child("rt-fo", "arm"));
    OperatorFixture.succeed(client, Names.child("rt-fo", "arm"), Map.of("state", "ARMED", "message", "armed"));
    String key = TaskIdentity.tableKey("t1", "t1");
    OperatorFixture.awaitJob(client, Names.child("rt-fo", key + "-schema"));
    OperatorFixture.succeed(client, Names.child("rt-fo", key + "-schema"), Map.of("message", "created"));
    OperatorFixture.awaitJob(client, Names.child("rt-fo", key + "-copy"));
  }

  private static void standaloneSyncFromAStartTime() {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName("rt-sync").withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    TableSpec renamed = new TableSpec("t2");
    renamed.setTargetName("ns2:t2");
    spec.setTables(List.of(new TableSpec("t1"), renamed));
    spec.setCreateTable(true);
    ExtraAttrs extra = new ExtraAttrs();
    extra.setStartTime(1_700_000_000_000L);
    extra.setColumnFamilies(List.of("d"));
    spec.setExtraAttrs(extra);
    sync.setSpec(spec);
    client.resource(sync).create();
    OperatorFixture.awaitJob(client, "rt-sync-wal-arm");
    OperatorFixture.succeedQuietly(client, "rt-sync-wal-arm");
    for (String table : List.of("t1", "t2")) {
      String schema = Names.child("rt-sync", "schema-" + TaskIdentity.tableKey(table, table.equals("t2") ? "ns2:t2" : table));
      OperatorFixture.awaitJob(client, schema);
      OperatorFixture.succeedQuietly(client, schema);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> MADE.containsKey("Deployment/rt-sync-wal-sync"));
    deleteAndAwaitJob(IncrementalSync.class, "rt-sync", "release-pin");
  }

  private static <T extends HasMetadata> void deleteAndAwaitJob(Class<T> kind, String name, String subtask) {
    client.resources(kind).inNamespace(OperatorFixture.NAMESPACE).withName(name).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> MADE.values().stream().anyMatch(o -> o instanceof Job
        && name.equals(o.getMetadata().getLabels().get("hbasetunnel.io/task"))
        && subtask.equals(o.getMetadata().getLabels().get("hbasetunnel.io/subtask"))));
  }

  /** The container's command after the worker executable: the subcommand and its options. */
  private static List<String> workerArgs(HasMetadata made) {
    PodTemplateSpec template = made instanceof Job job ? job.getSpec().getTemplate() : ((Deployment) made).getSpec().getTemplate();
    List<String> command = template.getSpec().getContainers().get(0).getCommand();
    Set<String> subcommands = new CommandLine(new WorkerMain()).getSubcommands().keySet();
    int at = 0;
    while (at < command.size() && !subcommands.contains(command.get(at))) {
      at++;
    }
    assertThat(at).as("a worker subcommand in %s", command).isLessThan(command.size());
    return command.subList(at, command.size());
  }

  private static ParseResult parse(List<String> args) {
    return new CommandLine(new WorkerMain()).parseArgs(args.toArray(String[]::new)).subcommand();
  }

  private static <T extends HasMetadata> Watcher<T> recorder() {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        if (action == Action.ADDED) {
          MADE.putIfAbsent(resource.getKind() + "/" + resource.getMetadata().getName(), resource);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
