package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A standalone sync pins the source's WALs when it is created: its arm Job runs before any
 * worker, the workers' Deployment only once the arm succeeded, and a failed arm fails the sync
 * (the test is the job controller: it ends the arm Job as the worker's exit would).
 */
@EnableKubernetesMockClient(crud = true)
class IncrementalSyncArmTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();

  @Test
  void theArmJobPinsTheWalsFromTheCreationBeforeAnyWorkerStarts() {
    IncrementalSync created = create("early", spec -> { });
    long creation = OffsetDateTime.parse(created.getMetadata().getCreationTimestamp()).toInstant().toEpochMilli();
    Job arm = OperatorFixture.awaitJob(client, "early-wal-arm");
    List<String> command = command(arm);
    assertThat(command).containsSubsequence("wal-sync", "--arm-only").containsSubsequence("--tables", "t1")
        .containsSubsequence("--start-time", String.valueOf(creation));
    assertThat(arm.getSpec().getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues())
        .as("a WAL gone is no better on a retry").contains(2, 4);
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
        .until(() -> get("early").getStatus() != null && get("early").getStatus().getArmTask() != null);
    assertThat(deployment("early")).as("no worker before the WALs are pinned").isNull();
    assertThat(get("early").getStatus().getState()).isEqualTo(TaskState.PENDING);
    assertThat(get("early").getStatus().getMessage()).contains("pinning the source's WALs");
    assertThat(get("early").getStatus().getArmedAt()).isNull();

    OperatorFixture.succeedQuietly(client, "early-wal-arm");
    Deployment workers = await().atMost(Duration.ofSeconds(30)).until(() -> deployment("early"), d -> d != null);
    List<String> workerCommand = workers.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertThat(workerCommand.get(workerCommand.indexOf("--sync-id") + 1)).as("the workers use the pin the arm made")
        .isEqualTo(command.get(command.indexOf("--sync-id") + 1));
    await().until(() -> get("early").getStatus().getArmedAt() != null);
    assertThat(get("early").getStatus().getArmTask().getState()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void anArmThatFindsTheWalsGoneFailsTheSyncUntilARetryArmsAgain() {
    create("late", spec -> { });
    OperatorFixture.awaitJob(client, "late-wal-arm");
    String gone = "the WALs holding the edits written from --start-time 1700000000000 are gone: re-copy needed";
    OperatorFixture.failWith(client, "late-wal-arm", 4, "{\"state\":\"FAILED\",\"message\":\"" + gone + "\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> state("late") == TaskState.FAILED);
    assertThat(get("late").getStatus().getMessage()).contains("arm Job late-wal-arm", "exited with 4", gone);
    assertThat(degradedReason("late")).isEqualTo("ArmFailed");
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(deployment("late")).isNull();

    OperatorFixture.editSpec(client, IncrementalSync.class, "late", t -> t.getSpec().setRetryNonce("1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Job job = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName("late-wal-arm").get();
      return job != null && "2".equals(job.getMetadata().getAnnotations().get("hbasetunnel.io/attempt"));
    });
    OperatorFixture.succeedQuietly(client, "late-wal-arm");
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment("late") != null);
  }

  @Test
  void anArmWithBadInputFailsTheSyncWithTheWorkersMessage() throws Exception {
    create("badarm", spec -> { });
    OperatorFixture.awaitJob(client, "badarm-wal-arm");
    OperatorFixture.fail(client, "badarm-wal-arm", "table t1 does not exist on the source");
    await().atMost(Duration.ofSeconds(30)).until(() -> state("badarm") == TaskState.FAILED);
    assertThat(get("badarm").getStatus().getMessage()).contains("arm Job badarm-wal-arm", "table t1 does not exist on the source");
    assertThat(deployment("badarm")).isNull();
  }

  @Test
  void aSyncArmedByItsMigrationRunsNoArm() {
    create("byfdm", spec -> spec.setArmedSyncId("fdm-armed-0123456789ab"));
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment("byfdm") != null);
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName("byfdm-wal-arm").get()).isNull();
    assertThat(get("byfdm").getStatus().getArmTask()).isNull();
  }

  private static IncrementalSync create(String name, Consumer<IncrementalSyncSpec> change) {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1")));
    spec.setCreateTable(false);
    change.accept(spec);
    sync.setSpec(spec);
    return client.resource(sync).create();
  }

  private static List<String> command(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
  }

  private static Deployment deployment(String sync) {
    return client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName(sync + "-wal-sync").get();
  }

  private static IncrementalSync get(String name) {
    return client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static TaskState state(String name) {
    IncrementalSync s = get(name);
    return s == null || s.getStatus() == null ? null : s.getStatus().getState();
  }

  private static String degradedReason(String name) {
    return get(name).getStatus().getConditions().stream().filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> c.getReason()).findFirst().orElse(null);
  }
}
