package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.SubTaskProgress;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.WorkerJobs;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tasks as kubectl users write them (YAML with extraAttrs mappings), specs that cannot work, and
 * copy progress read from the workers' GET /status while they run.
 */
@EnableKubernetesMockClient(crud = true)
class SpecAndProgressTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void extraAttrsMappingsGiveEveryJobAndTheSyncTheMappedTargets() throws Exception {
    client.resource(load("""
        apiVersion: hbasetunnel.io/v1alpha1
        kind: FullDataMigration
        metadata: {name: mapped, namespace: tunnel}
        spec:
          source: hbase1
          destination: hbase2
          tables: [{name: t1}, {name: "prod:t2"}]
          extraAttrs:
            tableMapping: {t1: "ns2:t1_copy"}
            namespaceMapping: {prod: staging}
            incrementalFollowOn: true
          verify: {mode: FULL}
        """)).create();
    OperatorFixture.succeed(client, OperatorFixture.awaitJob(client, "mapped-arm").getMetadata().getName(), Map.of());
    assertThat(command(OperatorFixture.awaitJob(client, "mapped-arm"))).containsSubsequence("--tables", "t1=ns2:t1_copy,prod:t2=staging:t2");
    for (String[] table : new String[][] {{"t1", "ns2:t1_copy"}, {"prod:t2", "staging:t2"}}) {
      for (String step : List.of("schema", "copy", "bulkload", "verify")) {
        Job job = awaitTableJob("mapped", table[0], step);
        assertThat(command(job)).as(table[0] + " " + step).containsSubsequence("--table", table[0], "--target-table", table[1]);
        assertThat(job.getMetadata().getAnnotations()).containsEntry(WorkerJobs.TARGET_TABLE, table[1]);
        if (step.equals("verify")) {
          assertThat(command(job)).as("FULL compares every region").doesNotContain("--sample-regions");
        }
        OperatorFixture.succeed(client, job.getMetadata().getName(), step.equals("verify") ? FollowOnMigrationTest.identical() : Map.of());
      }
    }
    IncrementalSync sync = await().atMost(Duration.ofSeconds(30)).until(() -> client.resources(IncrementalSync.class)
        .inNamespace(OperatorFixture.NAMESPACE).withName("mapped-sync").get(), s -> s != null);
    assertThat(sync.getSpec().getTables()).extracting(t -> t.getName() + "=" + t.getTargetName())
        .containsExactly("t1=ns2:t1_copy", "prod:t2=staging:t2");
    var workers = await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments()
        .inNamespace(OperatorFixture.NAMESPACE).withName("mapped-sync-wal-sync").get(), d -> d != null);
    assertThat(workers.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsSubsequence("--tables", "t1=ns2:t1_copy,prod:t2=staging:t2");

    // cleanup names the targets too: a table still deferring compactions gets them back
    client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("mapped").delete();
    Job cleanup = await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs()
        .inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "mapped")
        .withLabel("hbasetunnel.io/subtask", "cleanup").list().getItems().stream().findFirst().orElse(null), j -> j != null);
    assertThat(command(cleanup)).containsSubsequence("cleanup").containsSubsequence("--tables",
        "t1=ns2:t1_copy,prod:t2=staging:t2");
  }

  @Test
  void specsThatCannotWorkFailWithInvalidSpecAndCreateNothing() {
    client.resource(load("""
        apiVersion: hbasetunnel.io/v1alpha1
        kind: FullDataMigration
        metadata: {name: clash, namespace: tunnel}
        spec:
          source: hbase1
          destination: hbase2
          tables: [{name: t1}, {name: t2}]
          extraAttrs: {tableMapping: {t1: same, t2: same}}
        """)).create();
    client.resource(load("""
        apiVersion: hbasetunnel.io/v1alpha1
        kind: IncrementalSync
        metadata: {name: snap-sync, namespace: tunnel}
        spec:
          source: hbase1
          destination: hbase2
          tables: [{name: t1}]
          extraAttrs: {snapshotName: s1, columnFamilies: [d]}
        """)).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(FullDataMigration.class, "clash") == TaskState.FAILED
        && stateOf(IncrementalSync.class, "snap-sync") == TaskState.FAILED);
    assertThat(client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("clash").get()
        .getStatus().getMessage()).contains("t1", "t2", "same");
    assertThat(client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName("snap-sync").get()
        .getStatus().getMessage()).contains("snapshotName");
    await().until(() -> warnings("clash", "InvalidSpec") == 1 && warnings("snap-sync", "InvalidSpec") == 1);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "clash")
        .list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName("snap-sync-wal-sync").get()).isNull();
  }

  @Test
  void incrementalSyncSchemaAndWorkersGetFamiliesAndCompression() {
    client.resource(load("""
        apiVersion: hbasetunnel.io/v1alpha1
        kind: IncrementalSync
        metadata: {name: fam-sync, namespace: tunnel}
        spec:
          source: hbase1
          destination: hbase2
          tables: [{name: t1}]
          extraAttrs: {columnFamilies: [d, m], compression: ZSTD, namespaceMapping: {default: bak}}
        """)).create();
    Job schema = await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE)
        .withLabel("hbasetunnel.io/task", "fam-sync").withLabel("hbasetunnel.io/subtask", "schema").list().getItems().stream()
        .findFirst().orElse(null), j -> j != null);
    assertThat(command(schema)).containsSubsequence("--table", "t1", "--target-table", "bak:t1")
        .containsSubsequence("--families", "d,m").containsSubsequence("--compression", "ZSTD");
    OperatorFixture.succeedQuietly(client, schema.getMetadata().getName());
    OperatorFixture.armed(client, "fam-sync");
    var workers = await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments()
        .inNamespace(OperatorFixture.NAMESPACE).withName("fam-sync-wal-sync").get(), d -> d != null);
    assertThat(workers.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsSubsequence("--tables", "t1=bak:t1").containsSubsequence("--families", "d,m");
  }

  @Test
  void progressMovesWithTheRunningPodsStatusAndARetriedShardCountsOnce() throws Exception {
    FullDataMigration task = FullDataMigrationReconcilerTest.migration("prog", false, true, 2);
    client.resource(task).create();
    Job copy = awaitTableJob("prog", "t1", "copy");
    AtomicReference<String> shard0 = new AtomicReference<>(report(1, 10, 100, 2.5, 60));
    AtomicReference<String> shard1 = new AtomicReference<>(report(2, 10, 200, 1.5, 90));
    // shard 0's first pod failed after 5 units; its replacement resumes from the checkpoints
    client.resource(pod(copy, "prog-copy-0-old", "0", null, "2026-01-01T00:00:00Z", report(5, 10, 500, 0, 0))).create();
    client.resource(pod(copy, "prog-copy-0-new", "0", serve("127.0.3.1", shard0), "2026-01-01T00:01:00Z", null)).create();
    client.resource(pod(copy, "prog-copy-1", "1", serve("127.0.3.2", shard1), "2026-01-01T00:00:00Z", null)).create();

    SubTaskProgress first = await().atMost(Duration.ofSeconds(30)).until(() -> progress("prog"),
        p -> p != null && p.getUnitsDone() == 3);
    assertThat(first.getUnitsTotal()).isEqualTo(20);
    assertThat(first.getRows()).isEqualTo(300);
    assertThat(first.getMbPerSecond()).isEqualTo(4.0);
    assertThat(first.getEtaSeconds()).isEqualTo(90);

    shard0.set(report(6, 10, 600, 2.0, 30));
    SubTaskProgress later = await().atMost(Duration.ofSeconds(30)).until(() -> progress("prog"), p -> p.getUnitsDone() == 8);
    assertThat(later.getRows()).isEqualTo(800);
    assertThat(client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("prog").get()
        .getStatus().getProgress()).isEqualTo("8/20");
  }

  // --- helpers ----------------------------------------------------------------------------

  private static String report(int done, int total, long rows, double mbPerSecond, long eta) {
    return "{\"command\":\"copy\",\"state\":\"RUNNING\",\"unitsDone\":" + done + ",\"unitsTotal\":" + total + ",\"rows\":" + rows
        + ",\"mbPerSecond\":" + mbPerSecond + ",\"etaSeconds\":" + eta + "}";
  }

  /** A worker's GET /status on its own loopback address, at the port the operator was given. */
  private String serve(String ip, AtomicReference<String> body) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(ip, OperatorFixture.WORKER_STATUS_PORT), 0);
    server.createContext("/status", exchange -> {
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    servers.add(server);
    return ip;
  }

  /** A pod of the Job as the job controller and kubelet leave it: running (with an IP) or failed with a report. */
  private static Pod pod(Job job, String name, String index, String ip, String created, String terminationMessage) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(OperatorFixture.NAMESPACE)
        .withCreationTimestamp(created)
        .withLabels(job.getSpec().getTemplate().getMetadata().getLabels()).addToLabels("job-name", job.getMetadata().getName())
        .addToAnnotations("batch.kubernetes.io/job-completion-index", index).endMetadata().withNewSpec().endSpec();
    if (ip != null) {
      return pod.withNewStatus().withPhase("Running").withPodIP(ip).endStatus().build();
    }
    return pod.withNewStatus().withPhase("Failed").addNewContainerStatus().withName("worker").withNewState().withNewTerminated()
        .withExitCode(1).withMessage(terminationMessage).endTerminated().endState().endContainerStatus().endStatus().build();
  }

  private static SubTaskProgress progress(String name) {
    FullDataMigration task = client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
    return task.getStatus() == null || task.getStatus().getTables().isEmpty() ? null
        : task.getStatus().getTables().get(0).getFullTask().getProgress();
  }

  private static io.fabric8.kubernetes.api.model.HasMetadata load(String yaml) {
    return client.resource(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
  }

  private static <T extends io.fabric8.kubernetes.client.CustomResource<?, ? extends io.hbasetunnel.api.v1alpha1.TaskStatus>> TaskState stateOf(
      Class<T> type, String name) {
    T task = client.resources(type).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
    return task == null || task.getStatus() == null ? null : task.getStatus().getState();
  }

  private static Job awaitTableJob(String task, String table, String step) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE)
        .withLabel("hbasetunnel.io/task", task).list().getItems().stream()
        .filter(j -> step.equals(j.getMetadata().getLabels().get("hbasetunnel.io/subtask")))
        .filter(j -> table.equals(j.getMetadata().getAnnotations().get(WorkerJobs.SOURCE_TABLE)))
        .findFirst().orElse(null), j -> j != null);
  }

  private static List<String> command(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
  }

  private static long warnings(String name, String reason) {
    return client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()) && "Warning".equals(e.getType()))
        .count();
  }
}
