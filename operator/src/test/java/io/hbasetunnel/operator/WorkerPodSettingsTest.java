package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerPodSettings;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.fulldata.FullDataMigrationReconciler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Worker pod settings from the operator's flags: every worker Job and wal-sync Deployment the
 * operator renders carries them; JSON that does not parse stops the operator at start with a
 * message naming the flag and an example.
 */
@EnableKubernetesMockClient(crud = true)
class WorkerPodSettingsTest {
  static KubernetesClient client;

  @Test
  void everyWorkerJobAndDeploymentCarriesTheFlagsSettings() throws Exception {
    OperatorMain main = new OperatorMain();
    new CommandLine(main).parseArgs("--worker-resources={\"requests\":{\"cpu\":\"500m\",\"memory\":\"4Gi\"},\"limits\":{\"cpu\":4,"
        + "\"memory\":\"4Gi\"}}", "--worker-java-opts=-Xmx3g -XX:+ExitOnOutOfMemoryError",
        "--worker-node-selector={\"node-role.example.com/hbase-workers\":\"true\"}",
        "--worker-tolerations=[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"hbase\",\"effect\":\"NoSchedule\"}]",
        "--worker-service-account=hbase-workers");
    WorkerSettings worker = main.workerSettings().withStatusPort(OperatorFixture.WORKER_STATUS_PORT);
    HBaseTunnelOperator.Settings fixture = OperatorFixture.settings(null, null);
    OperatorFixture.loadCrds(client);
    try (HBaseTunnelOperator operator = new HBaseTunnelOperator(client, new HBaseTunnelOperator.Settings(fixture.namespace(),
        worker, fixture.probe(), fixture.syncStatus(), fixture.zone(), null, null, fixture.release())).start()) {
      OperatorFixture.clusters(client);
      var task = client.resource(FullDataMigrationReconcilerTest.migration("pods", false, true, 2)).create();
      var copy = OperatorFixture.awaitJob(client, FullDataMigrationReconciler.jobName(task, TaskIdentity.tableKey("t1", "t1"), "copy"));
      carriesTheSettings(copy.getSpec().getTemplate().getSpec());

      IncrementalSync sync = new IncrementalSync();
      sync.setMetadata(new ObjectMetaBuilder().withName("pods-sync").withNamespace(OperatorFixture.NAMESPACE).build());
      IncrementalSyncSpec spec = new IncrementalSyncSpec();
      spec.setSource("hbase1");
      spec.setDestination("hbase2");
      spec.setTables(List.of(new TableSpec("t1")));
      spec.setCreateTable(false);
      sync.setSpec(spec);
      client.resource(sync).create();
      OperatorFixture.armed(client, "pods-sync");
      Deployment workers = await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments()
          .inNamespace(OperatorFixture.NAMESPACE).withName("pods-sync-wal-sync").get(), d -> d != null);
      carriesTheSettings(workers.getSpec().getTemplate().getSpec());
      assertThat(workers.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
          .as("the Deployment's own env stays").anySatisfy(e -> assertThat(e.getName()).isEqualTo("POD_NAME"));
    }
  }

  private static void carriesTheSettings(PodSpec pod) {
    var container = pod.getContainers().get(0);
    assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("4Gi"));
    assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("4"))
        .containsEntry("memory", new Quantity("4Gi"));
    assertThat(container.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("JAVA_OPTS");
      assertThat(e.getValue()).isEqualTo("-Xmx3g -XX:+ExitOnOutOfMemoryError");
    });
    assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(java.util.Map.of("node-role.example.com/hbase-workers", "true"));
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("dedicated");
      assertThat(t.getValue()).isEqualTo("hbase");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(pod.getServiceAccountName()).isEqualTo("hbase-workers");
  }

  @Test
  void withoutFlagsWorkerPodsGetTheDefaultsTheChartAlsoHas() {
    OperatorMain main = new OperatorMain();
    new CommandLine(main).parseArgs();
    WorkerPodSettings pod = main.workerSettings().pod();
    assertThat(pod).isEqualTo(WorkerPodSettings.defaults());
    assertThat(pod.resources().getRequests()).containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("2Gi"));
    assertThat(pod.resources().getLimits()).containsEntry("memory", new Quantity("2Gi")).doesNotContainKey("cpu");
    assertThat(pod.javaOpts()).isNull();
    assertThat(pod.nodeSelector()).isEmpty();
    assertThat(pod.tolerations()).isEmpty();
  }

  @Test
  void badJsonStopsTheOperatorAtStartNamingTheFlag() {
    assertRejected("--worker-resources={\"requests\":", "--worker-resources", "example");
    assertRejected("--worker-resources={\"limit\":{\"memory\":\"2Gi\"}}", "--worker-resources", "limit");
    assertRejected("--worker-resources={\"requests\":{\"memory\":\"2 GB\"}}", "--worker-resources", "2 GB");
    assertRejected("--worker-node-selector=[\"ssd\"]", "--worker-node-selector", "disktype");
    assertRejected("--worker-tolerations={\"key\":\"dedicated\"}", "--worker-tolerations", "NoSchedule");
  }

  private static void assertRejected(String arg, String... expected) {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new OperatorMain()).setErr(new PrintWriter(err, true)).execute(arg);
    assertThat(code).as(err.toString()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains(expected).doesNotContain("Exception", "\tat ");
  }
}
