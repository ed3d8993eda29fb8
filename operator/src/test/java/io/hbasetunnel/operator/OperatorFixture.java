package io.hbasetunnel.operator;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.HBaseClusterSpec;
import io.hbasetunnel.operator.cluster.ClusterProbe;
import io.hbasetunnel.operator.cluster.SourceRelease;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.incremental.SyncStatusSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The operator against the fabric8 mock API server (CRUD mode), with the test standing in for
 * the parts Kubernetes has and the mock lacks: the job controller (Job status, finished Pods with
 * termination messages) and the Deployment controller (ready replicas).
 */
final class OperatorFixture {
  static final String NAMESPACE = "tunnel";
  static final ObjectMapper JSON = new ObjectMapper();

  /** What the fake probe answers for every cluster; tests may change it. */
  static final AtomicReference<ClusterProbe.Result> PROBE =
      new AtomicReference<>(new ClusterProbe.Result(true, "2.6.1", "reachable"));
  /** What the fake wal-sync status answers. */
  static final AtomicReference<Optional<SyncStatusSource.SyncReport>> SYNC = new AtomicReference<>(Optional.empty());

  /**
   * What deletes asked to remove from the (fake) source clusters, one entry per release: the peer
   * ids and snapshot names. SourceReleaseTest uses the real release against a minicluster.
   */
  static final java.util.Queue<Set<String>> RELEASED = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Where the operator looks for the copy workers' GET /status: tests serve it on loopback addresses. */
  static final int WORKER_STATUS_PORT = freePort();

  private OperatorFixture() {}

  private static int freePort() {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static HBaseTunnelOperator.Settings settings(String leaseName, String identity) {
    return new HBaseTunnelOperator.Settings(NAMESPACE, WorkerSettings.defaults().withStatusPort(WORKER_STATUS_PORT), props -> PROBE.get(),
        pods -> SYNC.get(), ZoneId.of("UTC"), leaseName, identity, (config, peers, snapshots) -> {
          Set<String> asked = new java.util.TreeSet<>(peers);
          asked.addAll(snapshots);
          RELEASED.add(asked);
          return new SourceRelease.Released(List.of(), List.of());
        });
  }

  /** CRDs loaded, then a started operator for one namespace, as every reconciler test needs. */
  static HBaseTunnelOperator startOperator(KubernetesClient client) throws IOException {
    loadCrds(client);
    return new HBaseTunnelOperator(client, settings(null, null)).start();
  }

  static void loadCrds(KubernetesClient client) throws IOException {
    if (!client.apiextensions().v1().customResourceDefinitions().list().getItems().isEmpty()) {
      return;
    }
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("crds.dir")))) {
      for (Path crd : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
        client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      }
    }
  }

  static void clusters(KubernetesClient client) {
    for (String name : List.of("hbase1", "hbase2")) {
      if (client.resources(HBaseCluster.class).inNamespace(NAMESPACE).withName(name).get() == null) {
        HBaseCluster cluster = new HBaseCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        HBaseClusterSpec spec = new HBaseClusterSpec();
        spec.setZookeeperQuorum("zk." + name + ".example");
        cluster.setSpec(spec);
        client.resource(cluster).create();
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of("hbase1", "hbase2").allMatch(n -> {
      HBaseCluster c = client.resources(HBaseCluster.class).inNamespace(NAMESPACE).withName(n).get();
      return c.getStatus() != null && Boolean.TRUE.equals(c.getStatus().getReachable());
    }));
  }

  /**
   * A user's spec change: retried on 409, as kubectl would, since the operator writes the status
   * (and so bumps resourceVersion) at the same time.
   */
  static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void editSpec(KubernetesClient client, Class<T> type,
      String name, java.util.function.Consumer<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resources(type).inNamespace(NAMESPACE).withName(name).edit(t -> {
          change.accept(t);
          return t;
        });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /**
   * The job controller's part for a standalone sync's arm Job: the WALs are pinned (exit 0). A sync
   * that needs no arm (its Deployment came first) is left as it is.
   */
  static void armed(KubernetesClient client, String sync) {
    String deployment = sync + "-wal-sync";
    String arm = io.hbasetunnel.operator.common.Names.child(sync, "wal-arm");
    Job job = await().atMost(Duration.ofSeconds(30)).until(() -> {
      Job found = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(arm).get();
      return found != null || client.apps().deployments().inNamespace(NAMESPACE).withName(deployment).get() == null
          ? found : new Job();
    }, j -> j != null);
    if (job.getMetadata() != null && (job.getStatus() == null || job.getStatus().getConditions() == null
        || job.getStatus().getConditions().isEmpty())) {
      succeedQuietly(client, arm);
    }
  }

  static Job awaitJob(KubernetesClient client, String name) {
    return await().atMost(Duration.ofSeconds(30)).until(
        () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get(), j -> j != null);
  }

  /** The job controller's part: pods ran and ended with this report; the Job completed. */
  static void succeed(KubernetesClient client, String jobName, Map<String, Object> report) throws Exception {
    finishPod(client, jobName, 0, JSON.writeValueAsString(report));
    Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName).get();
    job.setStatus(new JobStatusBuilder().withSucceeded(job.getSpec().getCompletions())
        .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
    client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
  }

  static void succeedQuietly(KubernetesClient client, String jobName) {
    try {
      succeed(client, jobName, Map.of());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void fail(KubernetesClient client, String jobName, String message) throws Exception {
    finishPod(client, jobName, 2, JSON.writeValueAsString(Map.of("state", "FAILED", "message", message)));
    Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName).get();
    job.setStatus(new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed")
        .withStatus("True").withReason("PodFailurePolicy").withMessage("container worker exited with 2").build()).build());
    client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
  }

  /** The job controller's part for a worker that exited with {@code exitCode} (FailJob policy: 2, 3). */
  static void failWith(KubernetesClient client, String jobName, int exitCode, String terminationMessage) {
    finishPod(client, jobName, exitCode, terminationMessage);
    Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName).get();
    job.setStatus(new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed")
        .withStatus("True").withReason("PodFailurePolicy").withMessage("container worker exited with " + exitCode).build()).build());
    client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
  }

  private static void finishPod(KubernetesClient client, String jobName, int exitCode, String message) {
    // as the job controller makes them: the template's labels and job-name
    Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(jobName).get();
    Map<String, String> labels = new java.util.HashMap<>(job == null || job.getSpec().getTemplate().getMetadata() == null
        || job.getSpec().getTemplate().getMetadata().getLabels() == null ? Map.of() : job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("job-name", jobName);
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(jobName + "-" + System.nanoTime()).withNamespace(NAMESPACE)
        .withLabels(labels).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(new ContainerStatusBuilder().withName("worker").withNewState().withNewTerminated()
            .withExitCode(exitCode).withMessage(message).endTerminated().endState().build())
        .endStatus().build();
    client.resource(pod).create();
  }
}
