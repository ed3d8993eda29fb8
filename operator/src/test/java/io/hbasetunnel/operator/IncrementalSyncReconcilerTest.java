package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.incremental.SyncStatusSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** IncrementalSync: schema Jobs, the wal-sync Deployment, offsets, abort, table changes, delete. */
@EnableKubernetesMockClient(crud = true)
class IncrementalSyncReconcilerTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();

  @Test
  void syncLifecycle() throws Exception {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName("wal-abc").withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setDisplayName("orders");
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1"), new TableSpec("ns:t2")));
    spec.setCreateTable(true);
    ExtraAttrs extra = new ExtraAttrs();
    extra.setParallelism(2);
    extra.setStartTime(1_700_000_000_000L);
    spec.setExtraAttrs(extra);
    sync.setSpec(spec);
    client.resource(sync).create();

    // schema Jobs first; the Deployment only once every destination table exists
    await().until(() -> schemaJobs().size() == 2);
    assertThat(deployment()).isNull();
    for (var job : schemaJobs()) {
      OperatorFixture.succeed(client, job.getMetadata().getName(), Map.of("message", "created"));
    }
    OperatorFixture.armed(client, "wal-abc");
    Deployment deployment = await().atMost(Duration.ofSeconds(30)).until(IncrementalSyncReconcilerTest::deployment, d -> d != null);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(args(deployment)).containsSubsequence("wal-sync", "--sync-id").containsSubsequence("--tables", "t1,ns:t2",
        "--worker-id", "$(POD_NAME)").contains("--start-time", "1700000000000")
        .as("only a migration's follow-on sync hands delete retention back").doesNotContain("--retain-deletes-until");
    String syncId = args(deployment).get(args(deployment).indexOf("--sync-id") + 1);
    assertThat(syncId).as("the sync id comes from the resource's uid").startsWith("wal-abc-").isNotEqualTo("wal-abc");

    OperatorFixture.SYNC.set(Optional.of(new SyncStatusSource.SyncReport(1_573_651_478_405L, 1_573_651_906_518L, 120.0)));
    deployment.setStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).build());
    client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).resource(deployment).updateStatus();
    await().atMost(Duration.ofSeconds(30)).until(() -> state() == TaskState.RUNNING);
    IncrementalSync running = get();
    assertThat(running.getStatus().getOffset()).isEqualTo(1_573_651_478_405L);
    assertThat(running.getStatus().getSyncDate()).isEqualTo("2019-11-13 13:31:46");
    assertThat(running.getStatus().getLagMs()).isPositive();

    // a new table list reaches the workers (the pods roll; they resume from the checkpoint)
    edit(s -> s.setTables(List.of(new TableSpec("t1"), new TableSpec("t3"))));
    await().until(() -> schemaJobs().size() == 3);
    schemaJobs().stream().filter(j -> j.getStatus() == null).forEach(j -> {
      try {
        OperatorFixture.succeed(client, j.getMetadata().getName(), Map.of());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> args(deployment()).contains("t1,t3"));

    edit(s -> s.setPaused(true));
    await().until(() -> state() == TaskState.KILLED);
    assertThat(deployment().getSpec().getReplicas()).as("abort scales to zero; the pin stays").isZero();
    edit(s -> {
      s.setPaused(false);
      s.setRetryNonce("1");
    });
    await().until(() -> deployment().getSpec().getReplicas() == 2);

    client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName("wal-abc").delete();
    await().until(() -> get() == null);
    assertThat(deployment()).isNull();
    var release = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "wal-abc")
        .withLabel("hbasetunnel.io/subtask", "release-pin").list().getItems();
    assertThat(release).singleElement().satisfies(job -> assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0)
        .getCommand()).containsSubsequence("release-pin", "--sync-id", syncId));
  }

  private static List<io.fabric8.kubernetes.api.model.batch.v1.Job> schemaJobs() {
    return client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "wal-abc")
        .withLabel("hbasetunnel.io/subtask", "schema").list().getItems();
  }

  private static Deployment deployment() {
    return client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName("wal-abc-wal-sync").get();
  }

  private static List<String> args(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
  }

  private static IncrementalSync get() {
    return client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName("wal-abc").get();
  }

  private static TaskState state() {
    IncrementalSync s = get();
    return s == null || s.getStatus() == null ? null : s.getStatus().getState();
  }

  private static void edit(java.util.function.Consumer<IncrementalSyncSpec> change) {
    OperatorFixture.editSpec(client, IncrementalSync.class, "wal-abc", t -> change.accept(t.getSpec()));
  }
}
