package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.VerifySpec;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real JOSDK operator reconciling FullDataMigrations against the fabric8 mock server. */
@EnableKubernetesMockClient(crud = true)
class FullDataMigrationReconcilerTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();

  @Test
  void fullWorkflowRunsSchemaCopyBulkloadAndVerifyToSucceeded() throws Exception {
    FullDataMigration task = migration("wf-ok", true, true, 2);
    task.getSpec().setVerify(null); // the default: a sample of the regions
    task = client.resource(task).create();
    Job schema = OperatorFixture.awaitJob(client, job("wf-ok", "schema"));
    assertThat(command(schema)).containsSubsequence("worker", "schema", "--source-conf", "/etc/hbase-tunnel/source",
        "--table", "t1", "--target-table", "t1");
    assertThat(command(schema)).as("a bulkload migration's table compacts once loaded").contains("--defer-compactions");
    assertThat(schema.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getProjected().getSources().get(0)
        .getConfigMap().getName()).containsExactly("hbase1-hbase-site", "hbase2-hbase-site");
    assertThat(schema.getSpec().getTemplate().getSpec().getVolumes().get(0).getProjected().getSources().get(1).getSecret())
        .satisfies(secret -> {
          assertThat(secret.getName()).isEqualTo("hbase1-tunnel-keytab");
          assertThat(secret.getOptional()).isTrue();
        });
    assertThat(schema.getMetadata().getOwnerReferences()).singleElement().extracting(o -> o.getName()).isEqualTo("wf-ok");
    await().until(() -> state("wf-ok") == TaskState.RUNNING);
    OperatorFixture.succeed(client, job("wf-ok", "schema"), Map.of("state", "SKIPPED", "skipped", true, "message", "exists"));

    Job copy = OperatorFixture.awaitJob(client, job("wf-ok", "copy"));
    assertThat(copy.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(copy.getSpec().getCompletions()).isEqualTo(2);
    assertThat(command(copy)).containsSubsequence("copy", "--task-id").containsSubsequence("--mode", "BULKLOAD")
        .as("a bulkload migration loads each unit as soon as it is staged").contains("--load-as-staged");
    assertThat(copy.getSpec().getActiveDeadlineSeconds()).as("Jobs get the configured deadline")
        .isEqualTo(WorkerSettings.DEFAULT_JOB_DEADLINE_SECONDS);
    assertThat(copy.getSpec().getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues())
        .as("bad input and differences found fail at once").containsExactly(2, 3);
    assertThat(command(copy)).containsSubsequence("--status-port", String.valueOf(OperatorFixture.WORKER_STATUS_PORT));
    assertThat(copy.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(OperatorFixture.WORKER_STATUS_PORT));
    OperatorFixture.succeed(client, job("wf-ok", "copy"),
        Map.of("unitsDone", 10, "unitsTotal", 10, "rows", 5000, "bytes", 1 << 20, "snapshotTime", 1234L));

    OperatorFixture.awaitJob(client, job("wf-ok", "bulkload"));
    OperatorFixture.succeed(client, job("wf-ok", "bulkload"), Map.of("unitsDone", 20, "unitsTotal", 20));

    Job verify = OperatorFixture.awaitJob(client, job("wf-ok", "verify"));
    assertThat(command(verify)).containsSubsequence("verify", "--table", "t1", "--target-table", "t1")
        .containsSubsequence("--snapshot", "hbt-" + taskId(copy) + "-default-t1", "--sample-regions", "8", "--json",
            "--report-file", "/dev/termination-log");
    assertThat(state("wf-ok")).isEqualTo(TaskState.RUNNING);
    OperatorFixture.succeed(client, job("wf-ok", "verify"), Map.of("scope", "8 of 10 regions", "sourceCells", 4000,
        "destinationCells", 4000, "matchingCells", 4000, "missingInDestination", 0, "extraInDestination", 0, "valueDiffers", 0,
        "firstDifferences", List.of()));

    await().atMost(Duration.ofSeconds(30)).until(() -> state("wf-ok") == TaskState.SUCCEEDED);
    FullDataMigration done = get("wf-ok");
    var table = done.getStatus().getTables().get(0);
    assertThat(table.getSchemeTask().getState()).isEqualTo(TaskState.SKIPPED);
    assertThat(table.getSchemeTask().getName()).matches("[0-9a-f-]{36}");
    assertThat(table.getFullTask().getName()).matches("fulldata-[0-9a-f]{32}");
    assertThat(table.getBulkloadTask().getName()).matches("bulkload-[0-9a-f]{32}");
    assertThat(table.getFullTask().getProgress().getRows()).isEqualTo(5000);
    assertThat(table.getVerifyTask().getState()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(table.getVerifyTask().getMessage()).contains("identical", "4000 cells");
    assertThat(table.getVerify().getCellsCompared()).isEqualTo(4000);
    assertThat(table.getVerify().getDifferences()).isZero();
    assertThat(done.getStatus().getProgress()).isEqualTo("10/10");
    assertThat(done.getStatus().getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    assertThat(done.getSpec()).isEqualTo(task.getSpec());
    assertThat(events("wf-ok")).contains("Succeeded", "SubTaskRunning");
  }

  @Test
  void failedSubTaskFailsTheTaskAndRetryRerunsOnlyThatSubTask() throws Exception {
    create("wf-retry", true, false, 1);
    assertThat(command(OperatorFixture.awaitJob(client, job("wf-retry", "schema")))).as("puts need compactions")
        .doesNotContain("--defer-compactions");
    OperatorFixture.succeed(client, job("wf-retry", "schema"), Map.of("message", "created t1"));
    assertThat(command(OperatorFixture.awaitJob(client, job("wf-retry", "copy")))).as("the put path has nothing to load")
        .containsSubsequence("--mode", "PUT").doesNotContain("--load-as-staged");
    OperatorFixture.fail(client, job("wf-retry", "copy"), "destination table t1 has no column family 'x'");
    await().until(() -> state("wf-retry") == TaskState.FAILED);
    assertThat(get("wf-retry").getStatus().getMessage()).contains("has no column family 'x'", "then retry");
    assertThat(events("wf-retry")).contains("SubTaskFailed", "Failed");

    retry("wf-retry");
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Job copy = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(job("wf-retry", "copy")).get();
      return copy != null && WorkerJobs.attemptOf(copy) == 2;
    });
    Job schema = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(job("wf-retry", "schema")).get();
    assertThat(WorkerJobs.attemptOf(schema)).as("the finished schema step is not rerun").isEqualTo(1);
    OperatorFixture.succeed(client, job("wf-retry", "copy"), Map.of("unitsDone", 3, "unitsTotal", 3));
    await().until(() -> state("wf-retry") == TaskState.SUCCEEDED);
    assertThat(get("wf-retry").getStatus().getTables().get(0).getFullTask().getAttempts()).isEqualTo(2);
    assertThat(get("wf-retry").getStatus().getTables().get(0).getSchemeTask().getAttempts()).isEqualTo(1);
    assertThat(get("wf-retry").getStatus().getTables().get(0).getBulkloadTask()).isNull();
  }

  @Test
  void abortKillsTheRunningJobAndRetryResumes() throws Exception {
    create("wf-abort", false, true, 1);
    Job copy = OperatorFixture.awaitJob(client, job("wf-abort", "copy"));
    await().until(() -> state("wf-abort") == TaskState.RUNNING);
    assertThat(get("wf-abort").getStatus().getTables().get(0).getSchemeTask().getState()).isEqualTo(TaskState.SKIPPED);
    patchSpec("wf-abort", s -> s.setPaused(true));
    await().until(() -> state("wf-abort") == TaskState.KILLED);
    await().until(() -> client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(job("wf-abort", "copy")).get() == null);
    assertThat(get("wf-abort").getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Paused");
      assertThat(c.getStatus()).isEqualTo("True");
    });

    retry("wf-abort");
    Job again = await().until(() -> client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(job("wf-abort", "copy")).get(),
        j -> j != null && WorkerJobs.attemptOf(j) == 2);
    assertThat(again.getMetadata().getUid()).isNotEqualTo(copy.getMetadata().getUid());
    OperatorFixture.succeed(client, job("wf-abort", "copy"), Map.of());
    OperatorFixture.awaitJob(client, job("wf-abort", "bulkload"));
    OperatorFixture.succeed(client, job("wf-abort", "bulkload"), Map.of());
    await().until(() -> state("wf-abort") == TaskState.SUCCEEDED);
  }

  @Test
  void deleteRemovesTheJobsAndStartsCleanupButLeavesNothingElse() throws Exception {
    create("wf-del", true, true, 1);
    OperatorFixture.awaitJob(client, job("wf-del", "schema"));
    client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("wf-del").delete();
    await().until(() -> get("wf-del") == null);
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(job("wf-del", "schema")).get()).isNull();
    Job cleanup = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "wf-del")
        .withLabel("hbasetunnel.io/subtask", "cleanup").list().getItems().stream().findFirst().orElse(null);
    assertThat(cleanup).isNotNull();
    assertThat(command(cleanup)).containsSubsequence("cleanup", "--task-id").contains("--tables", "t1");
    assertThat(cleanup.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void unknownClusterFailsWithAMessageAndCreatesNoJob() {
    FullDataMigration task = migration("wf-bad", true, true, 1);
    task.getSpec().setDestination("hbase9");
    client.resource(task).create();
    await().until(() -> state("wf-bad") == TaskState.FAILED);
    assertThat(get("wf-bad").getStatus().getMessage()).contains("HBaseCluster 'hbase9' does not exist", "create it");
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "wf-bad")
        .list().getItems()).isEmpty();
  }

  @Test
  void restartedOperatorCreatesNoDuplicateJobs() throws Exception {
    create("wf-restart", true, true, 1);
    Job schema = OperatorFixture.awaitJob(client, job("wf-restart", "schema"));
    await().until(() -> state("wf-restart") == TaskState.RUNNING);
    OPERATOR.restart();
    // the new operator's first pass sees the same Job
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    List<Job> jobs = jobsOf("wf-restart");
    assertThat(jobs).singleElement().satisfies(j -> assertThat(j.getMetadata().getUid()).isEqualTo(schema.getMetadata().getUid()));
    OperatorFixture.succeed(client, job("wf-restart", "schema"), Map.of());
    OperatorFixture.awaitJob(client, job("wf-restart", "copy"));
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(jobsOf("wf-restart")).extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder(job("wf-restart", "schema"), job("wf-restart", "copy"));
  }

  @Test
  void reorderingTheTablesRenamesNoJobAndKeepsEachTablesStatus() throws Exception {
    FullDataMigration task = migration("wf-order", true, false, 1);
    task.getSpec().setTables(List.of(new TableSpec("t1"), new TableSpec("ns:t2")));
    client.resource(task).create();
    Job t1Schema = awaitTableJob("wf-order", "t1", "schema");
    Job t2Schema = awaitTableJob("wf-order", "ns:t2", "schema");
    OperatorFixture.succeed(client, t1Schema.getMetadata().getName(), Map.of("message", "created t1"));
    Job t1Copy = awaitTableJob("wf-order", "t1", "copy");
    await().until(() -> get("wf-order").getStatus().getTables().get(0).getFullTask().getState() == TaskState.RUNNING);
    FullDataMigration before = get("wf-order");
    String t1Scheme = before.getStatus().getTables().get(0).getSchemeTask().getName();
    String t2Scheme = before.getStatus().getTables().get(1).getSchemeTask().getName();

    patchSpec("wf-order", s -> s.setTables(List.of(new TableSpec("ns:t2"), new TableSpec("t1"))));
    await().until(() -> {
      FullDataMigration t = get("wf-order");
      return t.getMetadata().getGeneration().equals(t.getStatus().getObservedGeneration());
    });
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(jobsOf("wf-order")).as("no Job renamed or recreated").extracting(j -> j.getMetadata().getUid())
        .containsExactlyInAnyOrder(t1Schema.getMetadata().getUid(), t2Schema.getMetadata().getUid(), t1Copy.getMetadata().getUid());
    var tables = get("wf-order").getStatus().getTables();
    assertThat(tables).extracting(t -> t.getTable()).containsExactly("ns:t2", "t1");
    assertThat(tables.get(0).getSchemeTask().getName()).isEqualTo(t2Scheme);
    assertThat(tables.get(0).getSchemeTask().getState()).isEqualTo(TaskState.RUNNING);
    assertThat(tables.get(0).getFullTask().getState()).isEqualTo(TaskState.PENDING);
    assertThat(tables.get(1).getSchemeTask().getName()).isEqualTo(t1Scheme);
    assertThat(tables.get(1).getSchemeTask().getState()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(tables.get(1).getFullTask().getState()).isEqualTo(TaskState.RUNNING);

    // each table's next Job still works on that table
    OperatorFixture.succeed(client, t2Schema.getMetadata().getName(), Map.of("message", "created ns:t2"));
    Job t2Copy = awaitTableJob("wf-order", "ns:t2", "copy");
    assertThat(command(t2Copy)).containsSubsequence("--table", "ns:t2", "--target-table", "ns:t2");
    assertThat(t2Copy.getMetadata().getName()).isNotEqualTo(t1Copy.getMetadata().getName());
  }

  @Test
  void aRecreatedTaskOfTheSameNameGetsItsOwnSnapshotStagingAndCleanup() throws Exception {
    create("wf-again", false, true, 1);
    Job first = awaitTableJob("wf-again", "t1", "copy");
    String firstRun = taskId(first);
    client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("wf-again").delete();
    await().until(() -> get("wf-again") == null);

    FullDataMigration again = create("wf-again", false, true, 1);
    Job second = await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf("wf-again").stream()
        .filter(j -> "copy".equals(j.getMetadata().getLabels().get("hbasetunnel.io/subtask")))
        .filter(j -> j.getMetadata().getOwnerReferences().get(0).getUid().equals(again.getMetadata().getUid()))
        .findFirst().orElse(null), j -> j != null);
    String secondRun = taskId(second);
    assertThat(secondRun).as("snapshot and staging dir are named by --task-id").isNotEqualTo(firstRun);
    assertThat(firstRun).startsWith("wf-again-");
    assertThat(secondRun).startsWith("wf-again-");

    client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("wf-again").delete();
    await().until(() -> get("wf-again") == null);
    List<Job> cleanups = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "wf-again")
        .withLabel("hbasetunnel.io/subtask", "cleanup").list().getItems();
    assertThat(cleanups).as("each run's cleanup removes that run's snapshot and staging files").hasSize(2)
        .extracting(FullDataMigrationReconcilerTest::taskId).containsExactlyInAnyOrder(firstRun, secondRun);
  }

  @Test
  void aJobPodThatCannotStartDegradesTheTaskWithOneWarning() {
    create("wf-nostart", false, false, 1);
    Job copy = awaitTableJob("wf-nostart", "t1", "copy");
    await().until(() -> state("wf-nostart") == TaskState.RUNNING);
    // the kubelet: the pod's Secret is missing, the container waits
    var pod = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName(copy.getMetadata().getName() + "-x1")
        .withNamespace(OperatorFixture.NAMESPACE).withLabels(copy.getSpec().getTemplate().getMetadata().getLabels())
        .addToLabels("job-name", copy.getMetadata().getName()).endMetadata().withNewSpec().endSpec()
        .withNewStatus().withPhase("Pending").withContainerStatuses(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
            .withName("worker").withNewState().withNewWaiting().withReason("CreateContainerConfigError")
            .withMessage("secret \"hbase1-tunnel-keytab\" not found").endWaiting().endState().build()).endStatus().build();
    client.resource(pod).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> degraded("wf-nostart"),
        m -> m != null && m.contains("CreateContainerConfigError") && m.contains("hbase1-tunnel-keytab"));
    assertThat(state("wf-nostart")).isEqualTo(TaskState.RUNNING);
    await().until(() -> warnings("wf-nostart", "WorkersNotStarting") == 1);

    // the Secret appears, the container runs: no longer degraded, and no second warning
    client.pods().inNamespace(OperatorFixture.NAMESPACE).withName(pod.getMetadata().getName()).editStatus(p -> {
      p.getStatus().setPhase("Running");
      p.getStatus().getContainerStatuses().get(0).setState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
          .withNewRunning().endRunning().build());
      return p;
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> degraded("wf-nostart") == null);
    assertThat(warnings("wf-nostart", "WorkersNotStarting")).isEqualTo(1);
  }

  @Test
  void twoHundredMigrationsReconcile() {
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      client.resource(migration("many-" + i, true, true, 1)).create();
    }
    await().atMost(Duration.ofMinutes(3)).until(() -> client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE)
        .list().getItems().stream().filter(t -> t.getMetadata().getName().startsWith("many-"))
        .allMatch(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("200 FullDataMigrations created and reconciled to RUNNING (schema Job each) in %.1f s%n", seconds);
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(j -> j.getMetadata().getName().startsWith("many-")).count()).isEqualTo(200);
  }

  // --- helpers ----------------------------------------------------------------------------

  private static FullDataMigration create(String name, boolean createTable, boolean bulkload, int parallelism) {
    return client.resource(migration(name, createTable, bulkload, parallelism)).create();
  }

  static FullDataMigration migration(String name, boolean createTable, boolean bulkload, int parallelism) {
    FullDataMigration task = new FullDataMigration();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(OperatorFixture.NAMESPACE).build());
    FullDataMigrationSpec spec = new FullDataMigrationSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1")));
    spec.setCreateTable(createTable);
    spec.setBulkload(bulkload);
    // these tests are about the copy; verification has tests of its own
    spec.setVerify(new VerifySpec(VerifySpec.VerifyMode.NONE, null));
    if (parallelism > 1) {
      ExtraAttrs extra = new ExtraAttrs();
      extra.setParallelism(parallelism);
      spec.setExtraAttrs(extra);
    }
    task.setSpec(spec);
    return task;
  }

  private static FullDataMigration get(String name) {
    return client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static TaskState state(String name) {
    FullDataMigration task = get(name);
    return task == null || task.getStatus() == null ? null : task.getStatus().getState();
  }

  private static void patchSpec(String name, java.util.function.Consumer<FullDataMigrationSpec> change) {
    OperatorFixture.editSpec(client, FullDataMigration.class, name, t -> change.accept(t.getSpec()));
  }

  private static void retry(String name) {
    patchSpec(name, s -> {
      s.setPaused(false);
      s.setRetryNonce(java.util.UUID.randomUUID().toString());
    });
  }

  /** The Degraded condition's message when it is True, else null. */
  private static String degraded(String name) {
    FullDataMigration task = get(name);
    return task == null || task.getStatus() == null ? null : task.getStatus().getConditions().stream()
        .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus())).map(c -> c.getMessage())
        .findFirst().orElse(null);
  }

  private static long warnings(String name, String reason) {
    return client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()) && "Warning".equals(e.getType()))
        .count();
  }

  static String taskId(Job job) {
    List<String> command = command(job);
    return command.get(command.indexOf("--task-id") + 1);
  }

  private static Job awaitTableJob(String task, String table, String step) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(task).stream()
        .filter(j -> step.equals(j.getMetadata().getLabels().get("hbasetunnel.io/subtask")))
        .filter(j -> table.equals(j.getMetadata().getAnnotations().get(WorkerJobs.SOURCE_TABLE)))
        .findFirst().orElse(null), j -> j != null);
  }

  /** The Job of table t1's step, named from the table's identity (docs/operator.md). */
  private static String job(String task, String step) {
    return Names.child(task, TaskIdentity.tableKey("t1", "t1") + "-" + step);
  }

  private static List<String> command(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
  }

  private static List<Job> jobsOf(String task) {
    return client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", task).list().getItems();
  }

  private static String events(String name) {
    return String.join(" ", client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList());
  }
}
