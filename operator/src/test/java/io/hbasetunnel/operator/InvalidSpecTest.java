package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.TaskStatus;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.fulldata.FullDataMigrationReconciler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resources written past validation (as an older CRD, or an API server without CEL, lets them
 * in): every spec of the shared bad list starts nothing, and Degraded names the field; on a
 * started task a changed source, destination or target leaves what runs as it is and says so.
 */
@EnableKubernetesMockClient(crud = true)
class InvalidSpecTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();

  @Test
  void noSpecOfTheSharedBadListStartsAnythingAndDegradedNamesTheField() throws Exception {
    JsonNode cases = YAML.readTree(Path.of("..", "api", "src", "test", "resources", "invalid-specs.yaml").toFile());
    List<String[]> expected = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      List<TableSpec> tables = List.of(YAML.treeToValue(c.get("tables"), TableSpec[].class));
      FullDataMigration migration = new FullDataMigration();
      migration.setMetadata(new ObjectMetaBuilder().withName("bad-fdm-" + i).withNamespace(OperatorFixture.NAMESPACE).build());
      FullDataMigrationSpec fullSpec = new FullDataMigrationSpec();
      fullSpec.setSource(c.get("source").asText());
      fullSpec.setDestination(c.get("destination").asText());
      fullSpec.setTables(tables);
      migration.setSpec(fullSpec);
      client.resource(migration).create();
      IncrementalSync sync = new IncrementalSync();
      sync.setMetadata(new ObjectMetaBuilder().withName("bad-sync-" + i).withNamespace(OperatorFixture.NAMESPACE).build());
      IncrementalSyncSpec syncSpec = new IncrementalSyncSpec();
      syncSpec.setSource(c.get("source").asText());
      syncSpec.setDestination(c.get("destination").asText());
      syncSpec.setTables(tables);
      sync.setSpec(syncSpec);
      client.resource(sync).create();
      expected.add(new String[] {"bad-fdm-" + i, "bad-sync-" + i, c.get("field").asText() + ": ", c.get("says").asText(),
          c.get("case").asText()});
    }
    for (String[] e : expected) {
      Condition fdm = await().atMost(Duration.ofSeconds(60)).until(() -> degraded(status(FullDataMigration.class, e[0])), Optional::isPresent).get();
      assertThat(fdm.getMessage()).as(e[4]).contains(e[2]).contains(e[3]);
      assertThat(fdm.getReason()).isEqualTo("InvalidSpec");
      Condition sync = await().atMost(Duration.ofSeconds(60)).until(() -> degraded(status(IncrementalSync.class, e[1])), Optional::isPresent).get();
      assertThat(sync.getMessage()).as(e[4]).contains(e[2]).contains(e[3]);
      assertThat(client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName(e[1]).get()
          .getStatus().getState()).isEqualTo(TaskState.FAILED);
    }
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).list().getItems()).as("no Job").isEmpty();
    assertThat(client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).list().getItems()).as("no Deployment").isEmpty();
  }

  @Test
  void aRunningSyncWhoseSourceIsChangedRunsOnWithTheOldOneAndSaysCreateANewTask() {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName("moved").withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(new ArrayList<>(List.of(new TableSpec("m1", "m1_copy", null))));
    spec.setCreateTable(false);
    sync.setSpec(spec);
    client.resource(sync).create();
    OperatorFixture.armed(client, "moved");
    Deployment workers = await().atMost(Duration.ofSeconds(30)).until(() -> deployment("moved-wal-sync"), d -> d != null);
    // started: the status the operator wrote says so (the mock's PUT of the object carries the status along)
    await().atMost(Duration.ofSeconds(30)).until(() -> ((io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus) status(
        IncrementalSync.class, "moved")).getStartTime() != null);

    OperatorFixture.editSpec(client, IncrementalSync.class, "moved", s -> s.getSpec().setSource("hbase3"));
    Condition source = await().atMost(Duration.ofSeconds(30)).until(() -> degraded(status(IncrementalSync.class, "moved")),
        Optional::isPresent).get();
    assertThat(source.getMessage()).contains("spec.source: changed from 'hbase1' to 'hbase3'", "create a new task");
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(deployment("moved-wal-sync").getMetadata().getResourceVersion()).as("the workers keep the old source")
        .isEqualTo(workers.getMetadata().getResourceVersion());

    // back to the old source, but a kept table gets a new target
    OperatorFixture.editSpec(client, IncrementalSync.class, "moved", s -> {
      s.getSpec().setSource("hbase1");
      s.getSpec().getTables().get(0).setTargetName("m1_other");
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> degraded(status(IncrementalSync.class, "moved"))
        .filter(c -> c.getMessage().contains("spec.tables[0].targetName: m1 is written to default:m1_copy")).isPresent());
    assertThat(deployment("moved-wal-sync").getMetadata().getResourceVersion()).isEqualTo(workers.getMetadata().getResourceVersion());

    // a table added and the target restored: valid again
    OperatorFixture.editSpec(client, IncrementalSync.class, "moved", s -> {
      s.getSpec().getTables().get(0).setTargetName("m1_copy");
      s.getSpec().getTables().add(new TableSpec("m2"));
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> degraded(status(IncrementalSync.class, "moved")).isEmpty());
  }

  @Test
  void aRunningMigrationWhoseDestinationIsChangedKeepsItsJobs() {
    FullDataMigration task = FullDataMigrationReconcilerTest.migration("redirected", false, false, 1);
    client.resource(task).create();
    String copy = FullDataMigrationReconciler.jobName(
        client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("redirected").get(),
        TaskIdentity.tableKey("t1", "t1"), "copy");
    var job = OperatorFixture.awaitJob(client, copy);
    // the Job is created before the pass writes the first status: read it once it is there
    await().atMost(Duration.ofSeconds(30)).ignoreException(NullPointerException.class)
        .until(() -> status(FullDataMigration.class, "redirected").getState() == TaskState.RUNNING);

    OperatorFixture.editSpec(client, FullDataMigration.class, "redirected", t -> t.getSpec().setDestination("hbase3"));
    Condition destination = await().atMost(Duration.ofSeconds(30)).until(
        () -> degraded(status(FullDataMigration.class, "redirected")), Optional::isPresent).get();
    assertThat(destination.getMessage()).contains("spec.destination: changed from 'hbase2' to 'hbase3'", "create a new task");
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withName(copy).get().getMetadata().getUid())
        .isEqualTo(job.getMetadata().getUid());
    assertThat(status(FullDataMigration.class, "redirected").getState()).isNotEqualTo(TaskState.FAILED);
  }

  private static <T extends io.fabric8.kubernetes.client.CustomResource<?, ? extends TaskStatus>> TaskStatus status(Class<T> type,
      String name) {
    T task = client.resources(type).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
    return task == null ? null : task.getStatus();
  }

  private static Optional<Condition> degraded(TaskStatus status) {
    return status == null ? Optional.empty() : status.getConditions().stream()
        .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus()) && "InvalidSpec".equals(c.getReason()))
        .findFirst();
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }
}
