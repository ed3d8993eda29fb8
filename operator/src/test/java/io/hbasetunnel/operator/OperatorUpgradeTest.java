package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.fulldata.FullDataMigrationReconciler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A new operator version taking over migrations in flight: it finds the running Jobs the
 * previous one made (also under that version's Job names and --task-id), never re-renders them
 * (a Job's pod template is immutable) and renders only the Jobs it creates with its own settings.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorUpgradeTest {
  static KubernetesClient client;
  private static final String NEW_IMAGE = "ghcr.io/hbase-tunnel/hbase-tunnel:0.2.0";

  @BeforeAll
  static void clusters() throws Exception {
    try (HBaseTunnelOperator operator = OperatorFixture.startOperator(client)) {
      OperatorFixture.clusters(client);
    }
  }

  @Test
  void theNewVersionKeepsTheRunningCopyJobAndRendersOnlyTheNextJobWithItsSettings() throws Exception {
    FullDataMigration task;
    Job copy;
    try (HBaseTunnelOperator old = new HBaseTunnelOperator(client, OperatorFixture.settings(null, null)).start()) {
      task = client.resource(FullDataMigrationReconcilerTest.migration("up", false, true, 2)).create();
      copy = OperatorFixture.awaitJob(client, job("up", "copy"));
      await().atMost(Duration.ofSeconds(30)).until(() -> fullTask("up").getState() == TaskState.RUNNING);
    }
    assertThat(image(copy)).isEqualTo(WorkerSettings.defaults().image());

    try (HBaseTunnelOperator upgraded = new HBaseTunnelOperator(client, upgradedSettings()).start()) {
      // its first passes (at start, then every 5 s while a copy runs)
      await().atMost(Duration.ofSeconds(30)).until(upgraded::isReady);
      await().pollDelay(Duration.ofSeconds(6)).until(() -> true);
      Job after = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(job("up", "copy")).get();
      assertThat(after.getMetadata().getUid()).as("the running copy is not restarted").isEqualTo(copy.getMetadata().getUid());
      assertThat(after.getMetadata().getResourceVersion()).as("nor re-rendered").isEqualTo(copy.getMetadata().getResourceVersion());
      assertThat(image(after)).isEqualTo(image(copy));
      assertThat(jobsOf("up")).extracting(j -> j.getMetadata().getName()).containsExactly(job("up", "copy"));
      assertThat(fullTask("up").getAttempts()).isEqualTo(1);

      OperatorFixture.succeed(client, job("up", "copy"), Map.of("unitsDone", 2, "unitsTotal", 2));
      Job bulkload = OperatorFixture.awaitJob(client, job("up", "bulkload"));
      assertThat(jobsOf("up")).as("the copy the new operator saw to its end is the old one")
          .extracting(j -> j.getMetadata().getName(), j -> j.getMetadata().getUid())
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(copy.getMetadata().getName(), copy.getMetadata().getUid()),
              org.assertj.core.groups.Tuple.tuple(bulkload.getMetadata().getName(), bulkload.getMetadata().getUid()));
      assertThat(image(bulkload)).as("a Job made after the upgrade has the new rendering").isEqualTo(NEW_IMAGE);
      assertThat(bulkload.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
      assertThat(FullDataMigrationReconcilerTest.taskId(bulkload)).as("and reads the staging files the copy wrote")
          .isEqualTo(FullDataMigrationReconcilerTest.taskId(copy)).isEqualTo(TaskIdentity.runId(task));
    }
  }

  @Test
  void aMigrationStartedUnderThePreviousJobNamesAndTaskIdKeepsItsRunningJobAndItsTaskId() throws Exception {
    // what the operator before the identity change left: Job <task>-t<index>-<step>, --task-id <name>,
    // no table annotations, no status.runId
    FullDataMigration task = client.resource(FullDataMigrationReconcilerTest.migration("legacy", false, true, 1)).create();
    FullDataMigrationStatus status = new FullDataMigrationStatus();
    status.setState(TaskState.RUNNING);
    status.setStartTime("2026-12-01T10:00:00Z");
    TableMigrationStatus table = new TableMigrationStatus();
    table.setTable("t1");
    table.setTargetTable("t1");
    table.setSchemeTask(new SubTask("5d0f2c1e-0000-4000-8000-000000000001", TaskState.SKIPPED));
    SubTask full = new SubTask("fulldata-0123456789abcdef0123456789abcdef", TaskState.RUNNING);
    full.setAttempts(1);
    table.setFullTask(full);
    table.setBulkloadTask(new SubTask("bulkload-0123456789abcdef0123456789abcdef", TaskState.PENDING));
    status.setTables(List.of(table));
    task.setStatus(status);
    client.resource(task).updateStatus();
    String legacyName = Names.child("legacy", "t0-copy");
    Job legacy = client.resource(WorkerJobs.job(task, legacyName, "copy", 1, WorkerSettings.defaults(), "hbase1", "hbase2",
        WorkerCommand.copy().table("t1", "t1").taskId("legacy").stagingDir("/hbase-tunnel-staging").mode(true), 1, true)).create();

    try (HBaseTunnelOperator upgraded = new HBaseTunnelOperator(client, upgradedSettings()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> "legacy".equals(get("legacy").getStatus().getRunId()));
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      assertThat(jobsOf("legacy")).as("no copy started again under the new name").extracting(j -> j.getMetadata().getName())
          .containsExactly(legacyName);
      assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(legacyName).get()
          .getMetadata().getResourceVersion()).isEqualTo(legacy.getMetadata().getResourceVersion());
      assertThat(fullTask("legacy").getState()).isEqualTo(TaskState.RUNNING);
      assertThat(fullTask("legacy").getName()).isEqualTo(full.getName());

      OperatorFixture.succeed(client, legacyName, Map.of("unitsDone", 1, "unitsTotal", 1));
      await().atMost(Duration.ofSeconds(30)).until(() -> fullTask("legacy").getState() == TaskState.SUCCEEDED);
      Job bulkload = OperatorFixture.awaitJob(client, job("legacy", "bulkload"));
      assertThat(FullDataMigrationReconcilerTest.taskId(bulkload)).as("the bulk load reads the old run's staging files")
          .isEqualTo("legacy");
      assertThat(image(bulkload)).isEqualTo(NEW_IMAGE);
    }
  }

  private static HBaseTunnelOperator.Settings upgradedSettings() {
    HBaseTunnelOperator.Settings settings = OperatorFixture.settings(null, null);
    WorkerSettings worker = settings.worker();
    return new HBaseTunnelOperator.Settings(settings.namespace(), new WorkerSettings(NEW_IMAGE, worker.command(),
        worker.stagingDir(), worker.serviceAccount(), 3600L, worker.statusPort()), settings.probe(), settings.syncStatus(),
        settings.zone(), settings.leaseName(), settings.identity(), settings.release());
  }

  private static String job(String task, String step) {
    return FullDataMigrationReconciler.jobName(get(task), TaskIdentity.tableKey("t1", "t1"), step);
  }

  private static FullDataMigration get(String name) {
    return client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static SubTask fullTask(String name) {
    FullDataMigration task = get(name);
    return task.getStatus() == null || task.getStatus().getTables().isEmpty() ? new SubTask("none", TaskState.PENDING)
        : task.getStatus().getTables().get(0).getFullTask();
  }

  private static String image(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static List<Job> jobsOf(String task) {
    return client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", task)
        .list().getItems().stream().filter(j -> !"Cleanup".equals(j.getMetadata().getLabels().get("hbasetunnel.io/kind")))
        .toList();
  }
}
