package io.hbasetunnel.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.HBaseClusterSpec;
import io.hbasetunnel.api.v1alpha1.HBaseClusterStatus;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.local.api.EmbeddedApiServer;
import io.hbasetunnel.local.pods.LocalPodRunner;
import io.hbasetunnel.operator.cluster.SourceRelease;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.fulldata.FullDataMigrationReconciler;
import io.hbasetunnel.operator.incremental.IncrementalSyncReconciler;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker pods that are never created or never start turn the task Degraded with what the
 * controllers said, and it clears once the cause is fixed: the real task reconcilers against the
 * embedded API with the local pod runner, which refuses pods as admission does (ResourceQuota, Pod
 * Security) and leaves a pod whose ConfigMap is missing in ContainerCreating, as a kubelet does.
 * The HBaseClusters are written as a probed cluster's would be (their reconciler would render the
 * ConfigMap this test keeps missing); the workers are `sleep`.
 */
class StuckWorkersTest {
  private static final String NS = "stuck";
  /** The bound: a stuck task is Degraded within 2 minutes, not at the Job's deadline. */
  private static final Duration VISIBLE_WITHIN = Duration.ofMinutes(2);
  @TempDir
  static Path pods;
  private static EmbeddedApiServer api;
  private static KubernetesClient client;
  private static LocalPodRunner runner;
  private static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0, NS);
    client = api.client();
    runner = new LocalPodRunner(client, NS, pods, Map.of()).start();
    WorkerSettings worker = new WorkerSettings("local", List.of("sh", "-c", "exec sleep 600", "worker"), "/staging", null, null);
    operator = new Operator(o -> o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false).withCloseClientOnStop(false));
    // the clusters here are names only: nothing to release on a delete (SourceReleaseTest covers the release)
    SourceRelease release = (config, peers, snapshots) -> new SourceRelease.Released(List.of(), List.of());
    operator.register(new FullDataMigrationReconciler(client, worker, release), c -> c.settingNamespace(NS));
    operator.register(new IncrementalSyncReconciler(client, worker, running -> Optional.empty(), ZoneId.of("UTC"), release),
        c -> c.settingNamespace(NS));
    operator.start();
    for (String name : List.of("hbase1", "hbase2", "nocfg")) {
      probedCluster(name);
      if (!name.equals("nocfg")) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName(WorkerSettings.configMapName(name)).withNamespace(NS)
            .endMetadata().withData(Map.of("hbase-site.xml", "<configuration/>")).build()).create();
      }
    }
  }

  @AfterAll
  static void stop() {
    operator.stop();
    runner.close();
    api.close();
  }

  @Test
  void aMigrationWhosePodsAQuotaRefusesIsDegradedUntilTheQuotaAllowsThem() {
    setQuota(0);
    try {
      createMigration("quota-mig", "hbase1");
      Condition degraded = awaitDegraded(() -> migration("quota-mig"), "WorkerPodsNotCreated");
      assertThat(degraded.getMessage()).contains("Job quota-mig-", "cannot create its pods", "FailedCreate",
          "exceeded quota: workers, requested: pods=1", "limited: pods=0");
      assertThat(jobPods("quota-mig")).as("the job controller created no pod").isEmpty();
      assertThat(warnings("quota-mig", "WorkerPodsNotCreated")).isEqualTo(1);
    } finally {
      setQuota(10);
    }
    awaitNotDegraded(() -> migration("quota-mig"));
    assertThat(jobPods("quota-mig")).isNotEmpty();
  }

  @Test
  void aSyncWhoseWorkersAQuotaRefusesIsDegradedUntilTheQuotaAllowsThem() {
    setQuota(0);
    try {
      // armed by its migration: no arm Job, the Deployment's ReplicaSet is refused
      createSync("quota-sync");
      Condition degraded = awaitDegraded(() -> sync("quota-sync"), "WorkerPodsNotCreated");
      assertThat(degraded.getMessage()).contains("Deployment quota-sync-wal-sync cannot create its pods", "FailedCreate",
          "exceeded quota: workers");
    } finally {
      setQuota(10);
    }
    awaitNotDegraded(() -> sync("quota-sync"));
  }

  @Test
  void aMigrationWhosePodsPodSecurityRefusesIsDegradedUntilTheNamespaceAllowsThem() {
    setEnforce("restricted");
    try {
      createMigration("psa-mig", "hbase1");
      Condition degraded = awaitDegraded(() -> migration("psa-mig"), "WorkerPodsNotCreated");
      assertThat(degraded.getMessage()).contains("violates PodSecurity \"restricted:latest\"", "runAsNonRoot != true");
      assertThat(jobPods("psa-mig")).isEmpty();
    } finally {
      setEnforce("baseline");
    }
    awaitNotDegraded(() -> migration("psa-mig"));
  }

  @Test
  void aMigrationWhosePodCannotMountAMissingConfigMapIsDegradedUntilItExists() {
    createMigration("nocfg-mig", "nocfg");
    Condition degraded = awaitDegraded(() -> migration("nocfg-mig"), "WorkerVolumeNotMounted");
    String missing = WorkerSettings.configMapName("nocfg");
    assertThat(degraded.getMessage()).contains("ContainerCreating", "FailedMount",
        "MountVolume.SetUp failed for volume \"source-conf\" : configmap \"" + missing + "\" not found");
    assertThat(jobPods("nocfg-mig")).singleElement().satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Pending"));

    client.resource(new ConfigMapBuilder().withNewMetadata().withName(missing).withNamespace(NS).endMetadata()
        .withData(Map.of("hbase-site.xml", "<configuration/>")).build()).create();
    awaitNotDegraded(() -> migration("nocfg-mig"));
    assertThat(jobPods("nocfg-mig")).singleElement().satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
  }

  // --- helpers ----------------------------------------------------------------------------

  private static void probedCluster(String name) {
    HBaseCluster cluster = new HBaseCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    HBaseClusterSpec spec = new HBaseClusterSpec();
    spec.setZookeeperQuorum("zk." + name + ".example");
    cluster.setSpec(spec);
    HBaseCluster created = client.resource(cluster).create();
    HBaseClusterStatus status = new HBaseClusterStatus();
    status.setReachable(true);
    status.setHbaseVersion("2.6.1");
    created.setStatus(status);
    client.resources(HBaseCluster.class).inNamespace(NS).resource(created).updateStatus();
  }

  private static void createMigration(String name, String source) {
    FullDataMigration task = new FullDataMigration();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    FullDataMigrationSpec spec = new FullDataMigrationSpec();
    spec.setSource(source);
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1")));
    task.setSpec(spec);
    client.resource(task).create();
  }

  private static void createSync(String name) {
    IncrementalSync task = new IncrementalSync();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1")));
    spec.setCreateTable(false);
    spec.setArmedSyncId("fdm-armed-0123456789ab");
    task.setSpec(spec);
    client.resource(task).create();
  }

  private static void setQuota(int pods) {
    client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("workers").withNamespace(NS).endMetadata()
        .withNewSpec().withHard(Map.of("pods", new Quantity(String.valueOf(pods)))).endSpec().build()).createOr(q -> q.update());
  }

  private static void setEnforce(String level) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS)
        .withLabels(Map.of("pod-security.kubernetes.io/enforce", level)).endMetadata().build()).createOr(n -> n.update());
  }

  private static FullDataMigration migration(String name) {
    return client.resources(FullDataMigration.class).inNamespace(NS).withName(name).get();
  }

  private static IncrementalSync sync(String name) {
    return client.resources(IncrementalSync.class).inNamespace(NS).withName(name).get();
  }

  private static Condition degradedCondition(HasMetadata task) {
    List<Condition> conditions = task instanceof FullDataMigration m ? (m.getStatus() == null ? null : m.getStatus().getConditions())
        : ((IncrementalSync) task).getStatus() == null ? null : ((IncrementalSync) task).getStatus().getConditions();
    return conditions == null ? null : conditions.stream().filter(c -> "Degraded".equals(c.getType())).findFirst().orElse(null);
  }

  private static Condition awaitDegraded(Supplier<? extends HasMetadata> task, String reason) {
    return await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> degradedCondition(task.get()),
        c -> c != null && "True".equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  private static void awaitNotDegraded(Supplier<? extends HasMetadata> task) {
    await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> degradedCondition(task.get()),
        c -> c != null && !"True".equals(c.getStatus()));
  }

  private static List<io.fabric8.kubernetes.api.model.Pod> jobPods(String task) {
    List<String> jobs = client.batch().v1().jobs().inNamespace(NS).withLabel("hbasetunnel.io/task", task).list().getItems()
        .stream().map(Job::getMetadata).map(m -> m.getName()).toList();
    return client.pods().inNamespace(NS).list().getItems().stream()
        .filter(p -> p.getMetadata().getLabels() != null && jobs.contains(p.getMetadata().getLabels().get("job-name"))).toList();
  }

  private static long warnings(String name, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()) && "Warning".equals(e.getType()))
        .count();
  }
}
