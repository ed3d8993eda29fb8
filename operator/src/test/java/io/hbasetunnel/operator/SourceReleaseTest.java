package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.hbasetunnel.contract.naming.SourceNames;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.HBaseClusterSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.cluster.ClusterProbe;
import io.hbasetunnel.operator.cluster.HBaseSourceRelease;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.testing.TestCluster;
import io.hbasetunnel.testing.TwoHBaseClusters;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.replication.ReplicationPeerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every order of deletion leaves no WAL pin (replication peer) and no snapshot of ours on a real
 * source cluster: the real operator on the mock API, with the real HBase release, one source
 * minicluster for every case. The pins and snapshots are made here as the workers make them (same
 * names, from api SourceNames), since no worker pod runs on the mock; no release Job runs either,
 * so whatever is removed was removed by the operator itself.
 */
class SourceReleaseTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final Duration DELETED = Duration.ofSeconds(90);

  private static KubernetesMockServer server;
  private static TerminatingNamespace dispatcher;
  private static KubernetesClient client;
  private static HBaseTunnelOperator operator;
  private static Admin source;

  /** The mock API, which can answer creates in the namespace as a real one does once it is being deleted. */
  static final class TerminatingNamespace extends KubernetesMixedDispatcher {
    volatile boolean terminating;

    TerminatingNamespace(Map<ServerRequest, Queue<ServerResponse>> responses) {
      super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (terminating && "POST".equals(request.getMethod()) && request.getPath().contains("/namespaces/" + NS + "/")) {
        return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"message\":\"unable to create new content in namespace " + NS + " because it is being terminated\","
            + "\"reason\":\"Forbidden\",\"code\":403}");
      }
      return super.dispatch(request);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    dispatcher = new TerminatingNamespace(responses);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    server.init();
    client = server.createClient();
    OperatorFixture.loadCrds(client);
    HBaseTunnelOperator.Settings fixture = OperatorFixture.settings(null, null);
    operator = new HBaseTunnelOperator(client, new HBaseTunnelOperator.Settings(NS, fixture.worker(),
        props -> new ClusterProbe.Result(true, "2.6.1", "reachable"), pods -> Optional.empty(), ZoneId.of("UTC"), null, null,
        new HBaseSourceRelease(30_000))).start();
    source = CLUSTERS.source().admin();
    CLUSTERS.source().createTable("t1").family("f").create();
  }

  @AfterAll
  static void stop() throws Exception {
    operator.close();
    source.close();
    client.close();
    server.destroy();
  }

  /** Argo CD prune / kubectl delete -f dir/: the clusters go first, their tasks after. */
  @Test
  void aClusterDeletedBeforeItsTasksStaysUntilTheyReleasedThroughIt() throws Exception {
    clusters("a");
    IncrementalSync sync = startedSync("a-sync", "a");
    String pin = sync.getStatus().getWalPinPeerId();
    pin(pin, 0);
    pin(pin, 2);
    FullDataMigration copy = startedMigration("a-copy", "a", false);
    String snapshot = SourceNames.snapshotName(copy.getStatus().getRunId(), "t1");
    snapshot(snapshot);

    for (String name : List.of("a-src", "a-dst")) {
      client.configMaps().inNamespace(NS).withName(name + "-hbase-site").delete();
      client.resources(HBaseCluster.class).inNamespace(NS).withName(name).delete();
    }
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() -> events("a-src", "InUse").stream()
        .anyMatch(m -> m.contains("FullDataMigration a-copy") && m.contains("IncrementalSync a-sync")));
    assertThat(cluster("a-src")).as("held while tasks refer to it").isNotNull();
    assertThat(cluster("a-src").getMetadata().getDeletionTimestamp()).isNotNull();

    client.resource(sync).delete();
    client.resource(copy).delete();
    awaitGone(IncrementalSync.class, "a-sync");
    awaitGone(FullDataMigration.class, "a-copy");
    assertThat(peers(pin)).as("every generation of the sync's pin").isEmpty();
    assertThat(snapshots(snapshot)).isEmpty();
    awaitGone(HBaseCluster.class, "a-src");
    awaitGone(HBaseCluster.class, "a-dst");
  }

  /**
   * A namespace deleted: everything goes in any order (config first here), and no new object (no
   * cleanup or release Job, no Event) can be created any more.
   */
  @Test
  void aNamespaceBeingDeletedLeavesNothingOnTheSource() throws Exception {
    clusters("b");
    IncrementalSync sync = startedSync("b-sync", "b");
    String syncPin = sync.getStatus().getWalPinPeerId();
    pin(syncPin, 0);
    FullDataMigration migration = copyingFollowOn("b-mig", "b");
    String armedPin = migration.getStatus().getFollowOn().getWalPinPeerId();
    pin(armedPin, 0);
    String snapshot = SourceNames.snapshotName(migration.getStatus().getRunId(), "t1");
    snapshot(snapshot);
    dispatcher.terminating = true;
    try {
      for (String name : List.of("b-src", "b-dst")) {
        client.configMaps().inNamespace(NS).withName(name + "-hbase-site").delete();
      }
      for (String name : List.of("b-src", "b-dst")) {
        client.resources(HBaseCluster.class).inNamespace(NS).withName(name).delete();
      }
      client.resource(migration).delete();
      client.resource(sync).delete();
      client.batch().v1().jobs().inNamespace(NS).delete();
      awaitGone(FullDataMigration.class, "b-mig");
      awaitGone(IncrementalSync.class, "b-sync");
      assertThat(peers(syncPin)).isEmpty();
      assertThat(peers(armedPin)).isEmpty();
      assertThat(snapshots(snapshot)).isEmpty();
      awaitGone(HBaseCluster.class, "b-src");
      awaitGone(HBaseCluster.class, "b-dst");
    } finally {
      dispatcher.terminating = false;
    }
  }

  /**
   * A sync started by the operator before run ids (its Deployment runs {@code --sync-id <name>})
   * holds the old-named pin (with a rotated generation) and, pinned since under the current naming,
   * a new one too: both go.
   */
  @Test
  void aSyncUpgradedFromTheBareNameReleasesTheOldAndTheNewPin() throws Exception {
    IncrementalSync sync = client.resource(syncSpec("c-legacy", "c")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> state(IncrementalSync.class, "c-legacy") == TaskState.FAILED);
    client.resource(new DeploymentBuilder().withNewMetadata().withName("c-legacy-wal-sync").withNamespace(NS)
        .withLabels(Map.of("hbasetunnel.io/task", "c-legacy", "hbasetunnel.io/kind", "IncrementalSync",
            "hbasetunnel.io/subtask", "wal-sync", "app.kubernetes.io/managed-by", "hbase-tunnel-operator"))
        .addNewOwnerReference().withApiVersion("hbasetunnel.io/v1alpha1").withKind("IncrementalSync").withName("c-legacy")
        .withUid(sync.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("worker")
        .withCommand("worker", "wal-sync", "--sync-id", "c-legacy", "--tables", "t1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    clusters("c");
    OperatorFixture.editSpec(client, IncrementalSync.class, "c-legacy", t -> t.getSpec().setRetryNonce("1"));
    String old = SourceNames.walPinPeerId("c-legacy");
    await().atMost(Duration.ofSeconds(30)).until(() -> old.equals(get(IncrementalSync.class, "c-legacy").getStatus().getWalPinPeerId()));
    String current = SourceNames.walPinPeerId(TaskIdentity.runId(sync));
    pin(old, 0);
    pin(old, 3);
    pin(current, 0);

    client.resource(sync).delete();
    awaitGone(IncrementalSync.class, "c-legacy");
    assertThat(peers(old)).as("the pin of the bare-name sync id, every generation").isEmpty();
    assertThat(peers(current)).as("the pin of the run id").isEmpty();
  }

  /** Pinned at creation (an arm pod), workers never started: the arm pod is stopped, then its pin released. */
  @Test
  void aSyncWhoseWorkersNeverStartedReleasesItsArmPin() throws Exception {
    clusters("d");
    IncrementalSync sync = startedSync("d-idle", "d");
    String pin = SourceNames.walPinPeerId(TaskIdentity.runId(sync));
    pin(pin, 0);
    Pod arm = runningPod("d-idle-arm-x", "d-idle", "IncrementalSync", "arm");

    client.resource(sync).delete();
    awaitGone(IncrementalSync.class, "d-idle");
    assertThat(client.pods().inNamespace(NS).withName(arm.getMetadata().getName()).get()).as("stopped before the release").isNull();
    assertThat(peers(pin)).isEmpty();
  }

  /** Deleted mid-copy: the armed pin and the copy's snapshot go, after the copy pod was stopped. */
  @Test
  void aMigrationWithAFollowOnDeletedMidCopyReleasesItsArmedPinAndSnapshot() throws Exception {
    clusters("e");
    FullDataMigration migration = copyingFollowOn("e-mig", "e");
    String pin = migration.getStatus().getFollowOn().getWalPinPeerId();
    pin(pin, 0);
    pin(pin, 1);
    String snapshot = SourceNames.snapshotName(migration.getStatus().getRunId(), "t1");
    snapshot(snapshot);
    Pod copyPod = runningPod("e-mig-copy-x", "e-mig", "FullDataMigration", "copy");

    client.resource(migration).delete();
    awaitGone(FullDataMigration.class, "e-mig");
    assertThat(client.pods().inNamespace(NS).withName(copyPod.getMetadata().getName()).get()).isNull();
    assertThat(peers(pin)).isEmpty();
    assertThat(snapshots(snapshot)).isEmpty();
    assertThat(get(IncrementalSync.class, "e-mig-sync")).as("never created").isNull();
  }

  /** Copied and verified, a migration lives on with its sync; its snapshot does not. */
  @Test
  void aMigrationsSnapshotsGoOnceItsTablesAreCopiedAndVerified() throws Exception {
    clusters("f");
    FullDataMigration migration = copyingFollowOn("f-mig", "f");
    String snapshot = SourceNames.snapshotName(migration.getStatus().getRunId(), "t1");
    snapshot(snapshot);
    String pin = migration.getStatus().getFollowOn().getWalPinPeerId();
    pin(pin, 0);
    OperatorFixture.succeed(client, job("f-mig", "copy"), Map.of("unitsDone", 1, "unitsTotal", 1));
    OperatorFixture.awaitJob(client, job("f-mig", "verify"));
    assertThat(snapshots(snapshot)).as("the verification reads it").isNotEmpty();
    OperatorFixture.succeed(client, job("f-mig", "verify"), FollowOnMigrationTest.identical());
    await().atMost(Duration.ofSeconds(30)).until(() -> get(IncrementalSync.class, "f-mig-sync") != null);
    await().atMost(Duration.ofSeconds(60)).until(() -> snapshots(snapshot).isEmpty());
    await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(
        get(FullDataMigration.class, "f-mig").getStatus().getFollowOn().getSnapshotsDeleted()));
    assertThat(peers(pin)).as("the pin stays with the running sync").isNotEmpty();
    assertThat(get(FullDataMigration.class, "f-mig")).isNotNull();

    client.resources(FullDataMigration.class).inNamespace(NS).withName("f-mig").delete();
    awaitGone(FullDataMigration.class, "f-mig");
    awaitGone(IncrementalSync.class, "f-mig-sync");
    assertThat(peers(pin)).isEmpty();
  }

  /**
   * A source that does not answer keeps the delete waiting (a pin left there would fill its HDFS
   * once it is back), saying why; a source gone for good is let go by an explicit annotation.
   */
  @Test
  void anUnreachableSourceKeepsTheDeleteWaitingUntilTheUserSaysSkip() throws Exception {
    clusters("g");
    IncrementalSync sync = startedSync("g-dead", "g");
    OperatorFixture.editSpec(client, HBaseCluster.class, "g-src", c -> {
      c.getSpec().setZookeeperQuorum("127.0.0.1");
      c.getSpec().setZookeeperPort(1);
    });
    client.resource(sync).delete();
    await().atMost(Duration.ofSeconds(90)).until(() -> !events("g-dead", "SourceReleasePending").isEmpty());
    assertThat(events("g-dead", "SourceReleasePending").get(0)).contains("g-src", SourceNames.walPinPeerId(TaskIdentity.runId(sync)),
        "hbasetunnel.io/source-release=skip");
    assertThat(get(IncrementalSync.class, "g-dead")).as("waits for its source").isNotNull();

    OperatorFixture.editSpec(client, IncrementalSync.class, "g-dead", s -> {
      Map<String, String> annotations = new HashMap<>(Optional.ofNullable(s.getMetadata().getAnnotations()).orElse(Map.of()));
      annotations.put("hbasetunnel.io/source-release", "skip");
      s.getMetadata().setAnnotations(annotations);
    });
    awaitGone(IncrementalSync.class, "g-dead");
    assertThat(events("g-dead", "SourceReleaseSkipped")).singleElement().asString().contains("remove them by hand");
  }

  // ---- the source, as the workers leave it

  private static void pin(String basePeerId, long generation) throws Exception {
    var conf = CLUSTERS.destination().conf();
    String clusterKey = conf.get(HConstants.ZOOKEEPER_QUORUM) + ":" + conf.get(HConstants.ZOOKEEPER_CLIENT_PORT) + ":"
        + conf.get(HConstants.ZOOKEEPER_ZNODE_PARENT);
    String id = generation == 0 ? basePeerId : basePeerId + "_" + generation;
    source.addReplicationPeer(id, ReplicationPeerConfig.newBuilder().setClusterKey(clusterKey)
        .setReplicateAllUserTables(false).build(), false);
  }

  private static Set<String> peers(String basePeerId) throws Exception {
    return source.listReplicationPeers().stream().map(p -> p.getPeerId())
        .filter(id -> SourceNames.walPinGeneration(basePeerId, id) >= 0).collect(Collectors.toCollection(TreeSet::new));
  }

  private static void snapshot(String name) throws Exception {
    source.snapshot(name, TableName.valueOf("t1"));
  }

  private static List<String> snapshots(String name) throws Exception {
    return source.listSnapshots().stream().map(s -> s.getName()).filter(name::equals).toList();
  }

  // ---- the Kubernetes side

  /** {@code <prefix>-src} on the source minicluster, {@code <prefix>-dst} on the destination. */
  private static void clusters(String prefix) {
    cluster(prefix + "-src", CLUSTERS.source());
    cluster(prefix + "-dst", CLUSTERS.destination());
    await().atMost(Duration.ofSeconds(30)).until(() -> List.of(prefix + "-src", prefix + "-dst").stream().allMatch(n ->
        cluster(n) != null && cluster(n).getStatus() != null && Boolean.TRUE.equals(cluster(n).getStatus().getReachable())));
  }

  private static void cluster(String name, TestCluster hbase) {
    HBaseCluster cluster = new HBaseCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    HBaseClusterSpec spec = new HBaseClusterSpec();
    spec.setZookeeperQuorum(hbase.conf().get(HConstants.ZOOKEEPER_QUORUM));
    spec.setZookeeperPort(Integer.parseInt(hbase.conf().get(HConstants.ZOOKEEPER_CLIENT_PORT)));
    spec.setZnodeParent(hbase.conf().get(HConstants.ZOOKEEPER_ZNODE_PARENT));
    cluster.setSpec(spec);
    client.resource(cluster).create();
  }

  private static HBaseCluster cluster(String name) {
    return get(HBaseCluster.class, name);
  }

  private static IncrementalSync syncSpec(String name, String clusters) {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource(clusters + "-src");
    spec.setDestination(clusters + "-dst");
    spec.setTables(List.of(new TableSpec("t1")));
    spec.setCreateTable(false);
    sync.setSpec(spec);
    return sync;
  }

  /** A sync past validation: its Deployment exists (no worker ever becomes ready on the mock). */
  private static IncrementalSync startedSync(String name, String clusters) {
    client.resource(syncSpec(name, clusters)).create();
    return await().atMost(Duration.ofSeconds(30)).until(() -> get(IncrementalSync.class, name),
        s -> s.getStatus() != null && s.getStatus().getWalPinPeerId() != null);
  }

  private static FullDataMigration startedMigration(String name, String clusters, boolean followOn) {
    FullDataMigration task = FullDataMigrationReconcilerTest.migration(name, false, false, 1);
    task.getSpec().setSource(clusters + "-src");
    task.getSpec().setDestination(clusters + "-dst");
    if (followOn) {
      task.getSpec().setVerify(null);
      ExtraAttrs extra = new ExtraAttrs();
      extra.setIncrementalFollowOn(true);
      task.getSpec().setExtraAttrs(extra);
    }
    client.resource(task).create();
    return await().atMost(Duration.ofSeconds(30)).until(() -> get(FullDataMigration.class, name),
        m -> m.getStatus() != null && m.getStatus().getRunId() != null && !m.getStatus().getTables().isEmpty());
  }

  /** A follow-on migration armed (its pin exists from here on) and copying. */
  private static FullDataMigration copyingFollowOn(String name, String clusters) throws Exception {
    startedMigration(name, clusters, true);
    OperatorFixture.awaitJob(client, Names.child(name, "arm"));
    OperatorFixture.succeed(client, Names.child(name, "arm"), Map.of("state", "ARMED"));
    OperatorFixture.awaitJob(client, job(name, "copy"));
    return await().atMost(Duration.ofSeconds(30)).until(() -> get(FullDataMigration.class, name),
        m -> Boolean.TRUE.equals(m.getStatus().getFollowOn().getArmed()));
  }

  private static String job(String task, String step) {
    return Names.child(task, TaskIdentity.tableKey("t1", "t1") + "-" + step);
  }

  /** A worker pod of the task that is still running (no kubelet on the mock: it stays until deleted). */
  private static Pod runningPod(String name, String task, String kind, String subtask) {
    return client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
        .withLabels(Map.of("hbasetunnel.io/task", task, "hbasetunnel.io/kind", kind, "hbasetunnel.io/subtask", subtask))
        .endMetadata().withNewSpec().addNewContainer().withName("worker").withImage("worker").endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus().build()).create();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(NS).withName(name).get();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void awaitGone(Class<T> type, String name) {
    await().atMost(DELETED).until(() -> get(type, name) == null);
  }

  private static TaskState state(Class<IncrementalSync> type, String name) {
    IncrementalSync sync = get(type, name);
    return sync == null || sync.getStatus() == null ? null : sync.getStatus().getState();
  }

  private static List<String> events(String object, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .map(e -> e.getMessage()).toList();
  }
}
