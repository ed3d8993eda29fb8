package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
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

/**
 * The wal-sync workers on a cluster that behaves like a real one: identity per resource uid, an
 * API server that fills defaults into the stored Deployment, and a kubelet that reports exits
 * and pods that cannot start (the test writes that pod status, as the kubelet would).
 */
@EnableKubernetesMockClient(crud = true)
class IncrementalSyncWorkersTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();

  @Test
  void namesThatDifferOnlyInPunctuationGetDifferentPinsAndSyncIds() {
    create("p-q", List.of(new TableSpec("t1")));
    create("p.q", List.of(new TableSpec("t1")));
    String dash = syncId(awaitDeployment("p-q"));
    String dot = syncId(awaitDeployment("p.q"));
    assertThat(dash).isNotEqualTo(dot);
    // the worker drops the punctuation for the replication peer id: they must still differ
    assertThat(dash.replaceAll("[^A-Za-z0-9]", "")).isNotEqualTo(dot.replaceAll("[^A-Za-z0-9]", ""));
    await().until(() -> get("p-q").getStatus() != null && get("p-q").getStatus().getWalPinPeerId() != null
        && get("p.q").getStatus() != null && get("p.q").getStatus().getWalPinPeerId() != null);
    assertThat(get("p-q").getStatus().getWalPinPeerId()).isNotEqualTo(get("p.q").getStatus().getWalPinPeerId())
        .isEqualTo("hbt" + dash.replaceAll("[^A-Za-z0-9]", ""));
  }

  @Test
  void aRecreatedSyncOfTheSameNameGetsItsOwnSyncIdAndReleasesOnlyItsOwnPin() {
    create("again", List.of(new TableSpec("t1")));
    String first = syncId(awaitDeployment("again"));
    delete("again");
    create("again", List.of(new TableSpec("t1")));
    OperatorFixture.armed(client, "again");
    String second = await().atMost(Duration.ofSeconds(30)).until(() -> {
      Deployment d = deployment("again");
      return d == null ? null : syncId(d);
    }, id -> id != null && !id.equals(first));
    delete("again");
    List<String> released = client.batch().v1().jobs().inNamespace(OperatorFixture.NAMESPACE).withLabel("hbasetunnel.io/task", "again")
        .withLabel("hbasetunnel.io/subtask", "release-pin").list().getItems().stream().map(j -> {
          List<String> command = j.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
          return command.get(command.indexOf("--sync-id") + 1);
        }).toList();
    assertThat(released).containsExactlyInAnyOrder(first, second);
  }

  @Test
  void aSyncKeepsTheSyncIdItsRunningDeploymentStartedWith() {
    // a sync that cannot start yet (its source cluster is missing), so no Deployment is made ...
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName("legacy").withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase-late");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1")));
    spec.setCreateTable(false);
    sync.setSpec(spec);
    String uid = client.resource(sync).create().getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).until(() -> state("legacy") == TaskState.FAILED);
    assertThat(deployment("legacy")).isNull();
    // ... and its Deployment as the operator before ids came from the uid left it: --sync-id is the bare name
    Deployment legacy = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("legacy-wal-sync")
        .withNamespace(OperatorFixture.NAMESPACE).withLabels(Map.of("hbasetunnel.io/task", "legacy", "hbasetunnel.io/kind",
            "IncrementalSync", "hbasetunnel.io/subtask", "wal-sync", "app.kubernetes.io/managed-by", "hbase-tunnel-operator"))
        .addNewOwnerReference().withApiVersion("hbasetunnel.io/v1alpha1").withKind("IncrementalSync").withName("legacy")
        .withUid(uid).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("worker")
        .withCommand("worker", "wal-sync", "--sync-id", "legacy", "--tables", "t1").endContainer().endSpec().endTemplate()
        .endSpec().build();
    client.resource(legacy).create();
    io.hbasetunnel.api.v1alpha1.HBaseCluster late = new io.hbasetunnel.api.v1alpha1.HBaseCluster();
    late.setMetadata(new ObjectMetaBuilder().withName("hbase-late").withNamespace(OperatorFixture.NAMESPACE).build());
    io.hbasetunnel.api.v1alpha1.HBaseClusterSpec clusterSpec = new io.hbasetunnel.api.v1alpha1.HBaseClusterSpec();
    clusterSpec.setZookeeperQuorum("zk.late.example");
    late.setSpec(clusterSpec);
    client.resource(late).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var c = client.resources(io.hbasetunnel.api.v1alpha1.HBaseCluster.class).inNamespace(OperatorFixture.NAMESPACE)
          .withName("hbase-late").get();
      return c.getStatus() != null && Boolean.TRUE.equals(c.getStatus().getReachable());
    });
    OperatorFixture.editSpec(client, IncrementalSync.class, "legacy", t -> t.getSpec().setRetryNonce("1"));

    await().atMost(Duration.ofSeconds(30)).until(() -> args(deployment("legacy")).contains("--source-conf"));
    assertThat(syncId(deployment("legacy"))).as("the running sync's checkpoint row and pin are kept").isEqualTo("legacy");
    await().until(() -> "hbtlegacy".equals(get("legacy").getStatus().getWalPinPeerId()));
  }

  @Test
  void serverFilledDefaultsCauseNoUpdateButATableChangeUpdatesOnce() {
    create("defaults", List.of(new TableSpec("t1")));
    Deployment created = awaitDeployment("defaults");
    // what a real API server stores: our spec plus its defaults
    client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName(created.getMetadata().getName()).edit(d -> {
      d.getSpec().setProgressDeadlineSeconds(600);
      d.getSpec().setRevisionHistoryLimit(10);
      var pod = d.getSpec().getTemplate().getSpec();
      pod.setDnsPolicy("ClusterFirst");
      pod.setSchedulerName("default-scheduler");
      pod.setSecurityContext(new PodSecurityContext());
      pod.setTerminationGracePeriodSeconds(30L);
      var container = pod.getContainers().get(0);
      container.setImagePullPolicy("IfNotPresent");
      container.getPorts().get(0).setProtocol("TCP");
      container.getEnv().get(0).getValueFrom().getFieldRef().setApiVersion("v1");
      pod.getVolumes().forEach(v -> v.getProjected().setDefaultMode(420));
      return d;
    });
    for (int ready = 1; ready <= 10; ready++) {
      touchDeploymentStatus("defaults", ready);
      int expected = ready;
      await().atMost(Duration.ofSeconds(30)).until(() -> get("defaults").getStatus().getMessage(),
          m -> m.equals("syncing with " + expected + " worker(s)"));
    }
    assertThat(events("defaults", "WorkersUpdated")).as("defaults filled by the server are no change of ours").isZero();
    Deployment stored = deployment("defaults");
    assertThat(stored.getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(stored.getSpec().getRevisionHistoryLimit()).isEqualTo(10);

    OperatorFixture.editSpec(client, IncrementalSync.class, "defaults", t -> t.getSpec().setTables(
        List.of(new TableSpec("t1"), new TableSpec("t9"))));
    await().atMost(Duration.ofSeconds(30)).until(() -> args(deployment("defaults")).contains("t1,t9"));
    for (int ready = 1; ready <= 3; ready++) {
      touchDeploymentStatus("defaults", ready);
      int expected = ready;
      await().atMost(Duration.ofSeconds(30)).until(() -> get("defaults").getStatus().getMessage(),
          m -> m.equals("syncing with " + expected + " worker(s)"));
    }
    assertThat(events("defaults", "WorkersUpdated")).as("a real change updates once").isEqualTo(1);
  }

  @Test
  void aWorkerThatExitsWithWalGoneFailsTheSyncWithItsMessageUntilRetry() {
    create("gone", List.of(new TableSpec("t1")));
    awaitDeployment("gone");
    // the kubelet restarted it once already: CrashLoopBackOff, the exit in lastState
    Pod pod = workerPod("gone", "gone-wal-sync-7d9f-abcde", new ContainerStatusBuilder().withName("worker")
        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
        .withNewLastState().withNewTerminated().withExitCode(4)
        .withMessage("WAL rs1%2C16020%2C1700000000000.1700000001234 is gone before it was read; re-copy t1")
        .endTerminated().endLastState().build());
    await().atMost(Duration.ofSeconds(30)).until(() -> state("gone") == TaskState.FAILED);
    IncrementalSync failed = get("gone");
    assertThat(failed.getStatus().getMessage()).contains("exited with 4", "is gone before it was read; re-copy t1");
    assertThat(failed.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).contains("re-copy t1");
    });
    assertThat(warnings("gone", "Failed")).isEqualTo(1);
    await().until(() -> deployment("gone").getSpec().getReplicas() == 0);

    // the scale-down removes the pod; the sync stays FAILED (no restart loop) until a retry
    client.resource(pod).delete();
    touchDeploymentStatus("gone", 0);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(state("gone")).isEqualTo(TaskState.FAILED);
    assertThat(deployment("gone").getSpec().getReplicas()).isZero();

    OperatorFixture.editSpec(client, IncrementalSync.class, "gone", t -> t.getSpec().setRetryNonce("1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment("gone").getSpec().getReplicas() == 1);
    await().until(() -> state("gone") == TaskState.PENDING);
  }

  @Test
  void aWorkerThatExitsWithBadInputFailsTheSyncWithItsMessage() {
    create("bad", List.of(new TableSpec("t1")));
    awaitDeployment("bad");
    workerPod("bad", "bad-wal-sync-1-xyz", new ContainerStatusBuilder().withName("worker")
        .withNewState().withNewTerminated().withExitCode(2)
        .withMessage("{\"state\":\"FAILED\",\"message\":\"table ns:missing does not exist on the source\"}")
        .endTerminated().endState().build());
    await().atMost(Duration.ofSeconds(30)).until(() -> state("bad") == TaskState.FAILED);
    assertThat(get("bad").getStatus().getMessage()).contains("exited with 2", "table ns:missing does not exist on the source");
    assertThat(warnings("bad", "Failed")).isEqualTo(1);
  }

  @Test
  void aWorkerPodThatCannotPullItsImageDegradesTheSync() {
    create("nopull", List.of(new TableSpec("t1")));
    awaitDeployment("nopull");
    workerPod("nopull", "nopull-wal-sync-1-abc", new ContainerStatusBuilder().withName("worker")
        .withNewState().withNewWaiting().withReason("ImagePullBackOff")
        .withMessage("Back-off pulling image \"ghcr.io/hbase-tunnel/worker:0.1.0\"").endWaiting().endState().build());
    await().atMost(Duration.ofSeconds(30)).until(() -> degraded("nopull"), m -> m != null && m.contains("ImagePullBackOff"));
    assertThat(degraded("nopull")).contains("Back-off pulling image");
    assertThat(state("nopull")).isNotEqualTo(TaskState.FAILED);
    await().until(() -> warnings("nopull", "WorkersNotStarting") == 1);
    // the next passes do not repeat the event
    touchDeploymentStatus("nopull", 0);
    touchDeploymentStatus("nopull", 0);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(warnings("nopull", "WorkersNotStarting")).isEqualTo(1);
  }

  @Test
  void anUnschedulableWorkerPodDegradesTheSync() {
    create("nofit", List.of(new TableSpec("t1")));
    awaitDeployment("nofit");
    Pod pod = new PodBuilder().withMetadata(workerPodMeta("nofit", "nofit-wal-sync-1-q")).withNewSpec().endSpec()
        .withNewStatus().withPhase("Pending").withConditions(new PodConditionBuilder().withType("PodScheduled")
            .withStatus("False").withReason("Unschedulable")
            .withMessage("0/3 nodes are available: 3 Insufficient memory.").build()).endStatus().build();
    client.resource(pod).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> degraded("nofit"), m -> m != null && m.contains("Unschedulable"));
    assertThat(degraded("nofit")).contains("3 Insufficient memory");
    await().until(() -> warnings("nofit", "WorkersNotStarting") == 1);
  }

  @Test
  void aProblemAWorkerReportsDegradesTheSyncUntilItClears() {
    create("blind", List.of(new TableSpec("t1")));
    awaitDeployment("blind");
    touchDeploymentStatus("blind", 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> state("blind") == TaskState.RUNNING);
    String looked = "worker blind-wal-sync-1-a: no WAL stream under hdfs://nn:8020/hbase/WALs for 2 region servers";
    OperatorFixture.SYNC.set(Optional.of(new SyncStatusSource.SyncReport(null, 0, 0.0,
        new SyncStatusSource.Problem("NoWalStream", looked))));
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> degraded("blind"), m -> m != null && m.contains(looked));
      assertThat(condition("blind", "Degraded").getReason()).isEqualTo("NoWalStream");
      assertThat(condition("blind", "Ready").getStatus()).as("a sync that sees nothing is not ready").isEqualTo("False");
      assertThat(get("blind").getStatus().getMessage()).contains(looked);
      await().until(() -> warnings("blind", "NoWalStream") == 1);

      OperatorFixture.SYNC.set(Optional.of(new SyncStatusSource.SyncReport(System.currentTimeMillis(), System.currentTimeMillis(), 1.0)));
      await().atMost(Duration.ofSeconds(60)).until(() -> degraded("blind") == null);
      assertThat(condition("blind", "Ready").getStatus()).isEqualTo("True");
      assertThat(state("blind")).isEqualTo(TaskState.RUNNING);
    } finally {
      OperatorFixture.SYNC.set(Optional.empty());
    }
  }

  // --- helpers ----------------------------------------------------------------------------

  private static void create(String name, List<TableSpec> tables) {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(tables);
    spec.setCreateTable(false);
    ExtraAttrs extra = new ExtraAttrs();
    extra.setParallelism(1);
    spec.setExtraAttrs(extra);
    sync.setSpec(spec);
    client.resource(sync).create();
  }

  private static void delete(String name) {
    client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(name) == null);
  }

  /** A pod of the sync's Deployment, labelled from its template, with the kubelet's container status. */
  private static Pod workerPod(String sync, String podName, ContainerStatus container) {
    Pod pod = new PodBuilder().withMetadata(workerPodMeta(sync, podName)).withNewSpec().endSpec()
        .withNewStatus().withPhase("Running").withContainerStatuses(container).endStatus().build();
    return client.resource(pod).create();
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta workerPodMeta(String sync, String podName) {
    Map<String, String> labels = deployment(sync).getSpec().getTemplate().getMetadata().getLabels();
    return new ObjectMetaBuilder().withName(podName).withNamespace(OperatorFixture.NAMESPACE).withLabels(labels).build();
  }

  /** The Deployment controller's part: it reports its replicas; each write is an event for the operator. */
  private static void touchDeploymentStatus(String sync, int ready) {
    Deployment d = deployment(sync);
    d.setStatus(new DeploymentStatusBuilder().withReplicas(ready).withReadyReplicas(ready).withObservedGeneration(
        d.getMetadata().getGeneration()).build());
    client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).resource(d).updateStatus();
  }

  private static Deployment awaitDeployment(String sync) {
    OperatorFixture.armed(client, sync);
    return await().atMost(Duration.ofSeconds(30)).until(() -> deployment(sync), d -> d != null);
  }

  private static Deployment deployment(String sync) {
    return client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName(sync + "-wal-sync").get();
  }

  private static List<String> args(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
  }

  private static String syncId(Deployment d) {
    List<String> args = args(d);
    return args.get(args.indexOf("--sync-id") + 1);
  }

  private static IncrementalSync get(String name) {
    return client.resources(IncrementalSync.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
  }

  private static TaskState state(String name) {
    IncrementalSync s = get(name);
    return s == null || s.getStatus() == null ? null : s.getStatus().getState();
  }

  /** The Degraded condition's message when it is True, else null. */
  private static String degraded(String name) {
    IncrementalSync s = get(name);
    return s == null || s.getStatus() == null ? null : s.getStatus().getConditions().stream()
        .filter(c -> "Degraded".equals(c.getType()) && "True".equals(c.getStatus())).map(c -> c.getMessage())
        .findFirst().orElse(null);
  }

  private static io.fabric8.kubernetes.api.model.Condition condition(String name, String type) {
    return get(name).getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static long events(String name, String reason) {
    return client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).count();
  }

  private static long warnings(String name, String reason) {
    return client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()) && "Warning".equals(e.getType()))
        .count();
  }
}
