package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.VerifySpec;
import io.hbasetunnel.operator.incremental.SyncStatusSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator asks of the API server while nothing changes: a running 100-table migration
 * (every copy Job running, its pods up) and a 4-worker sync (Deployment ready, the workers
 * reporting the same offset). Each case has an API server of its own (the fabric8 mock in CRUD
 * mode) whose request log is read over a quiet window; the per-minute figure is printed. A pass
 * where nothing changed reads the informer caches and writes nothing, so the window sees no
 * request at all (leader election is off here: its Lease renewals would be the only traffic), but
 * for a sync's lag, which grows with the clock while its offset stands still and is written again
 * once a minute.
 */
class QuietOperatorTest {
  /** How long the quiet window is; -Dquiet.window.seconds=60 for a whole minute (HBaseCluster reprobes included). */
  private static final int WINDOW_SECONDS = Integer.getInteger("quiet.window.seconds", 30);
  private static final int TABLES = 100;

  private KubernetesMockServer server;
  private KubernetesClient client;
  private HBaseTunnelOperator operator;

  @BeforeEach
  void start() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    server.init();
    client = server.createClient();
    operator = OperatorFixture.startOperator(client);
    OperatorFixture.clusters(client);
  }

  @AfterEach
  void stop() {
    operator.close();
    client.close();
    server.destroy();
  }

  @Test
  void aRunning100TableMigrationAsksNothingWhileNothingChanges() throws Exception {
    FullDataMigration task = new FullDataMigration();
    task.setMetadata(new ObjectMetaBuilder().withName("quiet").withNamespace(OperatorFixture.NAMESPACE).build());
    FullDataMigrationSpec spec = new FullDataMigrationSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(IntStream.range(0, TABLES).mapToObj(i -> new TableSpec("t" + i)).toList());
    spec.setCreateTable(false);
    spec.setVerify(new VerifySpec(VerifySpec.VerifyMode.NONE, null));
    ExtraAttrs extra = new ExtraAttrs();
    extra.setParallelism(2);
    spec.setExtraAttrs(extra);
    task.setSpec(spec);
    client.resource(task).create();
    // every copy Job running with its two pods (the job controller's and the kubelet's part)
    List<Job> copies = await().atMost(Duration.ofSeconds(120)).until(() -> client.batch().v1().jobs()
        .inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "quiet").list().getItems(),
        jobs -> jobs.size() == TABLES);
    for (Job copy : copies) {
      for (int index = 0; index < 2; index++) {
        runningPod(copy.getMetadata().getName() + "-" + index, copy.getSpec().getTemplate().getMetadata().getLabels(),
            Map.of("job-name", copy.getMetadata().getName(), "batch.kubernetes.io/job-completion-index", "" + index));
      }
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> {
      FullDataMigration t = client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName("quiet").get();
      return t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING && t.getStatus().getTables().stream()
          .allMatch(s -> s.getFullTask().getState() == TaskState.RUNNING);
    });

    Map<String, Integer> asked = quietWindow();
    int total = asked.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("QUIET 100-table FullDataMigration: %d requests in %d s = %d per minute %s%n", total, WINDOW_SECONDS,
        total * 60 / WINDOW_SECONDS, asked);
    assertThat(asked).as("API requests while nothing changes").isEmpty();
  }

  @Test
  void aRunningFourWorkerSyncAsksNothingWhileNothingChanges() throws Exception {
    long offset = System.currentTimeMillis() - 1_000;
    OperatorFixture.SYNC.set(Optional.of(new SyncStatusSource.SyncReport(offset, offset, 0.0)));
    try {
      IncrementalSync sync = new IncrementalSync();
      sync.setMetadata(new ObjectMetaBuilder().withName("quiet").withNamespace(OperatorFixture.NAMESPACE).build());
      IncrementalSyncSpec spec = new IncrementalSyncSpec();
      spec.setSource("hbase1");
      spec.setDestination("hbase2");
      spec.setTables(List.of(new TableSpec("t1"), new TableSpec("t2")));
      spec.setCreateTable(false);
      ExtraAttrs extra = new ExtraAttrs();
      extra.setParallelism(4);
      spec.setExtraAttrs(extra);
      sync.setSpec(spec);
      client.resource(sync).create();
      OperatorFixture.armed(client, "quiet");
      Deployment deployment = await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().deployments()
          .inNamespace(OperatorFixture.NAMESPACE).withName("quiet-wal-sync").get(), d -> d != null);
      for (int worker = 0; worker < 4; worker++) {
        runningPod("quiet-wal-sync-" + worker, deployment.getSpec().getTemplate().getMetadata().getLabels(), Map.of());
      }
      deployment.setStatus(new DeploymentStatusBuilder().withReplicas(4).withReadyReplicas(4)
          .withObservedGeneration(deployment.getMetadata().getGeneration()).build());
      client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).resource(deployment).updateStatus();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        IncrementalSync s = client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName("quiet").get();
        return s.getStatus() != null && s.getStatus().getState() == TaskState.RUNNING
            && "syncing with 4 worker(s)".equals(s.getStatus().getMessage());
      });

      Map<String, Integer> asked = quietWindow();
      int total = asked.values().stream().mapToInt(Integer::intValue).sum();
      System.out.printf("QUIET 4-worker IncrementalSync: %d requests in %d s = %d per minute %s%n", total, WINDOW_SECONDS,
          total * 60 / WINDOW_SECONDS, asked);
      // the offset stands still, so the lag grows with the clock: written again once it grew by a minute
      String lagRefresh = "PUT /apis/hbasetunnel.io/v1alpha1/namespaces/tunnel/incrementalsyncs/*/status";
      assertThat(asked.getOrDefault(lagRefresh, 0)).as("lag refreshes").isLessThanOrEqualTo(WINDOW_SECONDS / 60 + 1);
      asked.remove(lagRefresh);
      assertThat(asked).as("API requests while nothing changes").isEmpty();
    } finally {
      OperatorFixture.SYNC.set(Optional.empty());
    }
  }

  /**
   * No task polls for its clusters: a sync naming a cluster that does not exist yet is FAILED
   * saying so, and the cluster's creation (and first probe) alone brings it on, without a spec edit.
   */
  @Test
  void aClusterThatAppearsBringsOnTheTaskNamingIt() {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName("early").withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase-late");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1")));
    spec.setCreateTable(false);
    sync.setSpec(spec);
    client.resource(sync).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      IncrementalSync s = client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName("early").get();
      return s.getStatus() != null && s.getStatus().getState() == TaskState.FAILED
          && s.getStatus().getMessage().contains("HBaseCluster 'hbase-late' does not exist");
    });
    io.hbasetunnel.api.v1alpha1.HBaseCluster late = new io.hbasetunnel.api.v1alpha1.HBaseCluster();
    late.setMetadata(new ObjectMetaBuilder().withName("hbase-late").withNamespace(OperatorFixture.NAMESPACE).build());
    io.hbasetunnel.api.v1alpha1.HBaseClusterSpec clusterSpec = new io.hbasetunnel.api.v1alpha1.HBaseClusterSpec();
    clusterSpec.setZookeeperQuorum("zk.late.example");
    late.setSpec(clusterSpec);
    client.resource(late).create();
    // the arm Job: the sync got past validation
    OperatorFixture.awaitJob(client, "early-wal-arm");
    await().atMost(Duration.ofSeconds(30)).until(() -> client.resources(IncrementalSync.class)
        .inNamespace(OperatorFixture.NAMESPACE).withName("early").get().getStatus().getState() == TaskState.PENDING);
  }

  /** A running pod as the kubelet reports it: the template's labels plus what its controller adds. */
  private void runningPod(String name, Map<String, String> templateLabels, Map<String, String> more) {
    Map<String, String> labels = new HashMap<>(templateLabels);
    labels.putAll(more);
    client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(OperatorFixture.NAMESPACE)
        .withLabels(labels).endMetadata().withNewSpec().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").endStatus().build()).create();
  }

  /**
   * The requests the API server gets in the window, by method and path (names of objects and
   * query strings left out): settle a little, forget what came before, then count.
   */
  private Map<String, Integer> quietWindow() throws InterruptedException {
    Thread.sleep(5_000);
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // what the setup asked
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
    Map<String, Integer> asked = new TreeMap<>();
    while (System.nanoTime() < end) {
      RecordedRequest request = server.takeRequest(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (request != null) {
        asked.merge(request.getMethod() + " " + shape(request.getPath()), 1, Integer::sum);
      }
    }
    return asked;
  }

  /** {@code GET /api/v1/namespaces/tunnel/pods?labelSelector=...} -> {@code /api/v1/namespaces/tunnel/pods}. */
  private static String shape(String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] parts = bare.split("/");
    // .../namespaces/<ns>/<plural>/<name>[/status]: drop the name
    for (int i = 0; i + 3 < parts.length; i++) {
      if ("namespaces".equals(parts[i])) {
        parts[i + 3] = "*";
      }
    }
    return String.join("/", parts);
  }
}
