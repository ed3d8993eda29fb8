package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.TaskIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The zero-downtime workflow: arm (WAL pin) before any snapshot, copy, verify, then the owned
 * follow-on IncrementalSync with the armed sync id. The test plays job and Deployment controller.
 */
@EnableKubernetesMockClient(crud = true)
class FollowOnMigrationTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();

  @Test
  void armsBeforeTheCopyThenSyncsWithTheArmedIdAndPausesRetriesAndDeletesItsSync() throws Exception {
    FullDataMigration task = client.resource(followOn("fo", false)).create();
    String arm = Names.child("fo", "arm");
    Job armJob = OperatorFixture.awaitJob(client, arm);
    String syncId = TaskIdentity.runId(task);
    assertThat(command(armJob)).containsSubsequence("wal-sync", "--arm-only").containsSubsequence("--sync-id", syncId)
        .containsSubsequence("--tables", "t1");
    await().until(() -> get("fo").getStatus() != null && get("fo").getStatus().getState() == TaskState.RUNNING);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(jobsOf("fo")).as("no copy (no snapshot) before the WALs are pinned").extracting(j -> j.getMetadata().getName())
        .containsExactly(arm);
    assertThat(get("fo").getStatus().getFollowOn().getArmed()).isFalse();

    OperatorFixture.succeed(client, arm, Map.of("state", "ARMED", "message", "armed: WALs pinned"));
    Job copy = OperatorFixture.awaitJob(client, job("copy"));
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(arm).get().getStatus().getSucceeded())
        .as("the arm Job succeeded before the copy Job was created").isEqualTo(1);
    // the pass that created the copy Job writes the status after it
    await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(get("fo").getStatus().getFollowOn().getArmed()));
    assertThat(get("fo").getStatus().getFollowOn().getArmedAt()).isNotNull();
    assertThat(command(copy)).as("the destination keeps delete markers until the sync has caught up")
        .contains("--retain-deletes")
        .as("and refuses a snapshot the source major-compacted after the arm").containsSubsequence("--follow-on-sync-id", syncId);
    OperatorFixture.succeed(client, job("copy"), Map.of("unitsDone", 4, "unitsTotal", 4));
    OperatorFixture.awaitJob(client, job("bulkload"));
    OperatorFixture.succeed(client, job("bulkload"), Map.of());
    Job verify = OperatorFixture.awaitJob(client, job("verify"));
    assertThat(command(verify)).containsSubsequence("--snapshot", "hbt-" + FullDataMigrationReconcilerTest.taskId(copy) + "-default-t1");
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(sync("fo-sync")).as("no sync before the verification").isNull();

    OperatorFixture.succeed(client, job("verify"), identical());
    IncrementalSync sync = await().atMost(Duration.ofSeconds(30)).until(() -> sync("fo-sync"), s -> s != null);
    assertThat(sync.getSpec().getArmedSyncId()).isEqualTo(syncId);
    assertThat(sync.getSpec().getCreateTable()).isFalse();
    assertThat(sync.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(task.getMetadata().getUid()));
    Deployment workers = await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments()
        .inNamespace(OperatorFixture.NAMESPACE).withName("fo-sync-wal-sync").get(), d -> d != null);
    assertThat(workers.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .as("the sync applies from the armed time with the armed pin").containsSubsequence("--sync-id", syncId)
        .as("and gives the source's delete retention back once it has applied what was written before it existed")
        .containsSubsequence("--retain-deletes-until",
            String.valueOf(java.time.Instant.parse(sync.getMetadata().getCreationTimestamp()).toEpochMilli()));
    assertThat(get("fo").getStatus().getState()).isEqualTo(TaskState.RUNNING);
    assertThat(ready("fo")).isFalse();

    workers.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
    client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).resource(workers).updateStatus();
    await().atMost(Duration.ofSeconds(30)).until(() -> ready("fo"));
    FullDataMigration inSync = get("fo");
    assertThat(inSync.getStatus().getState()).as("running while its sync runs").isEqualTo(TaskState.RUNNING);
    assertThat(inSync.getStatus().getFollowOn().getState()).isEqualTo(TaskState.RUNNING);
    assertThat(inSync.getStatus().getFollowOn().getSyncName()).isEqualTo("fo-sync");

    OperatorFixture.editSpec(client, FullDataMigration.class, "fo", t -> t.getSpec().setPaused(true));
    await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(sync("fo-sync").getSpec().getPaused()));
    await().atMost(Duration.ofSeconds(30)).until(() -> get("fo").getStatus().getState() == TaskState.KILLED);
    await().until(() -> client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName("fo-sync-wal-sync").get()
        .getSpec().getReplicas() == 0);

    OperatorFixture.editSpec(client, FullDataMigration.class, "fo", t -> {
      t.getSpec().setPaused(false);
      t.getSpec().setRetryNonce("r1");
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> "r1".equals(sync("fo-sync").getSpec().getRetryNonce())
        && !sync("fo-sync").getSpec().getPaused());
    await().until(() -> client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName("fo-sync-wal-sync").get()
        .getSpec().getReplicas() == 1);

    client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("fo").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> sync("fo-sync") == null && get("fo") == null);
    List<Job> releases = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE)
        .withLabel("hbasetunnel.io/subtask", "release-pin").list().getItems();
    assertThat(releases).as("one pin, released once, by the sync's cleanup").singleElement()
        .satisfies(j -> assertThat(command(j)).containsSubsequence("release-pin").containsSubsequence("--sync-id", syncId));
  }

  @Test
  void aDifferenceDegradesTheMigrationWithAWarningAndNoSyncStarts() throws Exception {
    client.resource(followOn("fd", true)).create();
    OperatorFixture.awaitJob(client, Names.child("fd", "arm"));
    OperatorFixture.succeed(client, Names.child("fd", "arm"), Map.of());
    OperatorFixture.awaitJob(client, job("fd", "copy"));
    OperatorFixture.succeed(client, job("fd", "copy"), Map.of("unitsDone", 1, "unitsTotal", 1));
    OperatorFixture.awaitJob(client, job("fd", "verify"));
    OperatorFixture.failWith(client, job("fd", "verify"), 3, OperatorFixture.JSON.writeValueAsString(Map.of(
        "scope", "8 of 12 regions", "sourceCells", 900, "destinationCells", 898, "matchingCells", 898, "missingInDestination", 2,
        "extraInDestination", 0, "valueDiffers", 0, "firstDifferences", List.of(
            Map.of("kind", "MISSING_IN_DESTINATION", "row", "r7", "family", "d", "qualifier", "q", "timestamp", 5, "type", "Put")))));

    await().atMost(Duration.ofSeconds(30)).until(() -> get("fd").getStatus().getState() == TaskState.FAILED);
    FullDataMigration failed = get("fd");
    var table = failed.getStatus().getTables().get(0);
    assertThat(table.getVerify().getCellsCompared()).isEqualTo(900);
    assertThat(table.getVerify().getDifferences()).isEqualTo(2);
    assertThat(table.getVerify().getFirstDifferences()).singleElement().asString().contains("MISSING_IN_DESTINATION", "r7");
    assertThat(failed.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("TablesDiffer");
      assertThat(c.getMessage()).contains("2 differences", "r7");
    });
    await().until(() -> warnings("fd", "TablesDiffer") == 1);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(sync("fd-sync")).isNull();
  }

  @Test
  void anAbortOrRetryOnTheSyncItselfSticksUntilTheMigrationChangesAndADeletedSyncIsNotMadeAgain() throws Exception {
    client.resource(followOn("fu", false)).create();
    syncCreated("fu");
    Deployment workers = await().atMost(Duration.ofSeconds(30)).until(() -> deployment("fu-sync-wal-sync"), d -> d != null);
    workers.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
    client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).resource(workers).updateStatus();
    await().atMost(Duration.ofSeconds(30)).until(() -> ready("fu"));

    // the user aborts the sync (as /hbase/incr/<id>/abort does); the migration sees its state and leaves it paused
    OperatorFixture.editSpec(client, IncrementalSync.class, "fu-sync", s -> s.getSpec().setPaused(true));
    await().atMost(Duration.ofSeconds(30)).until(() -> get("fu").getStatus().getFollowOn().getState() == TaskState.KILLED);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(sync("fu-sync").getSpec().getPaused()).as("the user's abort on the sync sticks").isTrue();
    assertThat(deployment("fu-sync-wal-sync").getSpec().getReplicas()).isZero();
    FullDataMigration stopped = get("fu");
    assertThat(stopped.getStatus().getState()).isEqualTo(TaskState.KILLED);
    assertThat(stopped.getStatus().getMessage()).contains("fu-sync stopped", "paused");
    assertThat(stopped.getSpec().getPaused()).as("the migration's spec is not written").isFalse();

    // the user retries the sync: its own nonce stays, the migration's (none) is not put back
    OperatorFixture.editSpec(client, IncrementalSync.class, "fu-sync", s -> {
      s.getSpec().setPaused(false);
      s.getSpec().setRetryNonce("user-1");
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment("fu-sync-wal-sync").getSpec().getReplicas() == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> get("fu").getStatus().getFollowOn().getState() != TaskState.KILLED);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(sync("fu-sync").getSpec().getRetryNonce()).isEqualTo("user-1");
    assertThat(sync("fu-sync").getSpec().getPaused()).isFalse();

    // the user aborts the sync again, then the migration is retried: the migration's change wins
    OperatorFixture.editSpec(client, IncrementalSync.class, "fu-sync", s -> s.getSpec().setPaused(true));
    await().atMost(Duration.ofSeconds(30)).until(() -> get("fu").getStatus().getFollowOn().getState() == TaskState.KILLED);
    OperatorFixture.editSpec(client, FullDataMigration.class, "fu", t -> t.getSpec().setRetryNonce("m-1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> "m-1".equals(sync("fu-sync").getSpec().getRetryNonce())
        && !sync("fu-sync").getSpec().getPaused());
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment("fu-sync-wal-sync").getSpec().getReplicas() == 1);

    // the user deletes the sync: its cleanup releases the pin, and the migration does not make it again
    client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName("fu-sync").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> sync("fu-sync") == null);
    await().atMost(Duration.ofSeconds(30)).until(() -> get("fu").getStatus().getState() == TaskState.KILLED);
    assertThat(get("fu").getStatus().getMessage()).contains("was deleted", "not created again");
    OperatorFixture.editSpec(client, FullDataMigration.class, "fu", t -> t.getSpec().setRetryNonce("m-2"));
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(sync("fu-sync")).as("a retry does not make a sync without its pin").isNull();

    client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("fu").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get("fu") == null);
    String syncId = stopped.getStatus().getFollowOn().getSyncId();
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/subtask", "release-pin")
        .list().getItems()).as("the pin is released once, by the sync's own cleanup")
        .filteredOn(j -> command(j).contains(syncId)).singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getName()).startsWith("fu-sync-release-pin-"));
  }

  // --- helpers ----------------------------------------------------------------------------

  /** Arm, copy, bulkload and verify succeed; the follow-on sync exists. */
  private static IncrementalSync syncCreated(String task) throws Exception {
    OperatorFixture.awaitJob(client, Names.child(task, "arm"));
    OperatorFixture.succeed(client, Names.child(task, "arm"), Map.of());
    for (String step : List.of("copy", "bulkload")) {
      OperatorFixture.awaitJob(client, job(task, step));
      OperatorFixture.succeed(client, job(task, step), Map.of("unitsDone", 1, "unitsTotal", 1));
    }
    OperatorFixture.awaitJob(client, job(task, "verify"));
    OperatorFixture.succeed(client, job(task, "verify"), identical());
    return await().atMost(Duration.ofSeconds(30)).until(() -> sync(task + "-sync"), s -> s != null);
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }


  private static FullDataMigration followOn(String name, boolean putCopy) {
    FullDataMigration task = FullDataMigrationReconcilerTest.migration(name, false, !putCopy, 1);
    task.getSpec().setVerify(null);
    ExtraAttrs extra = new ExtraAttrs();
    extra.setIncrementalFollowOn(true);
    task.getSpec().setExtraAttrs(extra);
    return task;
  }

  static Map<String, Object> identical() {
    return Map.of("scope", "8 of 8 regions", "sourceCells", 10, "destinationCells", 10, "matchingCells", 10,
        "missingInDestination", 0, "extraInDestination", 0, "valueDiffers", 0, "firstDifferences", List.of());
  }

  private static String job(String step) {
    return job("fo", step);
  }

  private static String job(String task, String step) {
    return Names.child(task, TaskIdentity.tableKey("t1", "t1") + "-" + step);
  }

  private static FullDataMigration get(String name) {
    return client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static IncrementalSync sync(String name) {
    return client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static boolean ready(String name) {
    return get(name).getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<String> command(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
  }

  private static List<Job> jobsOf(String task) {
    return client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", task).list().getItems();
  }

  private static long warnings(String name, String reason) {
    return client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()) && "Warning".equals(e.getType()))
        .count();
  }
}
