package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.TaskStatus;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.fulldata.FullDataMigrationReconciler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spec made invalid while the task runs (here two tables mapped to one target, which a real
 * API server's CRD cannot refuse across list items): Degraded with reason InvalidSpec, one
 * Warning event, and what runs goes on as the last valid spec says; fixing the spec clears it.
 */
@EnableKubernetesMockClient(crud = true)
class LastValidSpecTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();

  @Test
  void aMigrationMadeInvalidWhileCopyingKeepsItsJobsAndGoesOnWithTheLastValidSpec() throws Exception {
    FullDataMigration task = FullDataMigrationReconcilerTest.migration("lv", false, false, 1);
    task.getSpec().setTables(List.of(new TableSpec("t1"), new TableSpec("t2")));
    client.resource(task).create();
    Job copy1 = OperatorFixture.awaitJob(client, job("lv", "t1"));
    Job copy2 = OperatorFixture.awaitJob(client, job("lv", "t2"));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("lv").getStatus().getState() == TaskState.RUNNING);

    OperatorFixture.editSpec(client, FullDataMigration.class, "lv", t -> t.getSpec().getTables().get(1).setTargetName("t1"));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> invalidSpec(get("lv").getStatus()).isPresent());
    FullDataMigration degraded = get("lv");
    assertThat(invalidSpec(degraded.getStatus()).get().getMessage()).contains("t1", "last valid spec");
    assertThat(degraded.getStatus().getState()).as("still copying").isEqualTo(TaskState.RUNNING);
    assertThat(degraded.getStatus().getMessage()).startsWith("spec invalid");

    // the job controller finishes the first copy: the task goes on as the last valid spec says
    OperatorFixture.succeed(client, job("lv", "t1"), Map.of("unitsDone", 1, "unitsTotal", 1));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("lv").getStatus().getTables().get(0).getFullTask().getState()
        == TaskState.SUCCEEDED);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(uid(job("lv", "t2"))).as("the running Job is untouched").isEqualTo(copy2.getMetadata().getUid());
    assertThat(uid(job("lv", "t1"))).isEqualTo(copy1.getMetadata().getUid());
    assertThat(jobs("lv")).as("nothing made for the invalid mapping").hasSize(2);
    assertThat(get("lv").getStatus().getTables()).extracting(t -> t.getTargetTable()).containsExactly("t1", "t2");
    assertThat(warnings("lv")).as("one Warning for the problem, not one per pass").isEqualTo(1);

    // fixed: Degraded clears and the task finishes
    OperatorFixture.editSpec(client, FullDataMigration.class, "lv", t -> t.getSpec().getTables().get(1).setTargetName(null));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> invalidSpec(get("lv").getStatus()).isEmpty());
    OperatorFixture.succeed(client, job("lv", "t2"), Map.of("unitsDone", 1, "unitsTotal", 1));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("lv").getStatus().getState() == TaskState.SUCCEEDED);
    assertThat(get("lv").getSpec().getTables().get(1).getTargetName()).isNull();
  }

  @Test
  void aSyncMadeInvalidWhileRunningKeepsItsWorkersAndStillPauses() throws Exception {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName("lvs").withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(new ArrayList<>(List.of(new TableSpec("a1"), new TableSpec("a2"))));
    spec.setCreateTable(false);
    sync.setSpec(spec);
    client.resource(sync).create();
    OperatorFixture.armed(client, "lvs");
    Deployment workers = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> deployment("lvs-wal-sync"), d -> d != null);

    OperatorFixture.editSpec(client, IncrementalSync.class, "lvs", s -> s.getSpec().getTables().get(1).setTargetName("a1"));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> invalidSpec(sync("lvs").getStatus()).isPresent());
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(sync("lvs").getStatus().getState()).as("not FAILED: the workers run on").isNotEqualTo(TaskState.FAILED);
    Deployment kept = deployment("lvs-wal-sync");
    assertThat(kept.getMetadata().getResourceVersion()).as("the Deployment keeps its last valid arguments")
        .isEqualTo(workers.getMetadata().getResourceVersion());
    assertThat(kept.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()).containsSubsequence("--tables", "a1,a2");
    assertThat(warnings("lvs")).isEqualTo(1);

    // pause and retry still work while the spec is invalid
    OperatorFixture.editSpec(client, IncrementalSync.class, "lvs", s -> s.getSpec().setPaused(true));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> deployment("lvs-wal-sync").getSpec().getReplicas() == 0);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> sync("lvs").getStatus().getState() == TaskState.KILLED);
    assertThat(invalidSpec(sync("lvs").getStatus())).isPresent();
    assertThat(deployment("lvs-wal-sync").getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsSubsequence("--tables", "a1,a2");
  }

  private static Optional<Condition> invalidSpec(TaskStatus status) {
    return status == null ? Optional.empty() : status.getConditions().stream()
        .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus()) && "InvalidSpec".equals(c.getReason()))
        .findFirst();
  }

  private static String job(String task, String table) {
    return FullDataMigrationReconciler.jobName(get(task), TaskIdentity.tableKey(table, table), "copy");
  }

  private static String uid(String job) {
    return client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(job).get().getMetadata().getUid();
  }

  private static List<Job> jobs(String task) {
    return client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", task).list().getItems();
  }

  private static FullDataMigration get(String name) {
    return client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static IncrementalSync sync(String name) {
    return client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static long warnings(String name) {
    return client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && "InvalidSpec".equals(e.getReason())
            && "Warning".equals(e.getType())).count();
  }
}
