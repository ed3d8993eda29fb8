package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The kubelet's part: every Pod of the namespace that has not run yet is started as a child process
 * ({@link PodProcess}) once what it mounts and reads exists (until then it waits as a kubelet's
 * would: {@link MissingPodInputs}); a Pod that is deleted has its process stopped.
 */
public final class LocalKubelet implements AutoCloseable {
  /** Every pod lives on the loopback address; its ports are remapped (see {@link PodSandbox}). */
  public static final String POD_IP = "127.0.0.1";
  /** Annotation with the pod's port mapping, {@code containerPort=localPort,...}. */
  public static final String PORTS_ANNOTATION = "local.hbasetunnel.io/ports";

  private final KubernetesClient client;
  private final Path podsDir;
  private final Map<String, String> extraEnv;
  private final Runnable onChange;
  private final Map<String, PodProcess> running = new ConcurrentHashMap<>();
  private final ControllerEvents events;

  /**
   * @param extraEnv environment added to every pod's process (e.g. JAVA_OPTS), below the container's own
   * @param onChange called when a process ends, so that the controllers look again
   */
  public LocalKubelet(KubernetesClient client, Path podsDir, Map<String, String> extraEnv, Runnable onChange) {
    this.client = client;
    this.podsDir = podsDir;
    this.extraEnv = extraEnv;
    this.onChange = onChange;
    this.events = new ControllerEvents(client);
  }

  /** Starts pods never started, stops processes whose pod is gone or being deleted. */
  void sync(List<Pod> pods) {
    Set<String> live = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    for (String uid : Set.copyOf(running.keySet())) {
      if (!live.contains(uid)) {
        stop(uid);
      }
    }
    for (Pod pod : pods) {
      String uid = pod.getMetadata().getUid();
      boolean fresh = pod.getStatus() == null || pod.getStatus().getPhase() == null || "Pending".equals(pod.getStatus().getPhase());
      if (fresh && live.contains(uid) && !running.containsKey(uid)) {
        Optional<MissingPodInputs.Missing> missing = MissingPodInputs.check(client, pod);
        if (missing.isPresent()) {
          waitFor(pod, missing.get());
          continue;
        }
        running.put(uid, PodProcess.start(client, pod, podsDir, extraEnv, onChange));
      }
    }
  }

  /** A pod whose volumes or env cannot be made yet: Pending, its container waiting, a Warning Event on it. */
  private void waitFor(Pod pod, MissingPodInputs.Missing missing) {
    events.warning(pod, "Pod", "v1", "kubelet", missing.eventReason(), missing.message());
    var waiting = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? null
        : pod.getStatus().getContainerStatuses().stream().map(c -> c.getState() == null ? null : c.getState().getWaiting())
            .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    // ContainerCreating carries no message on a real kubelet: the Events tell why
    String message = "ContainerCreating".equals(missing.waitingReason()) ? null : missing.message();
    if (waiting != null && missing.waitingReason().equals(waiting.getReason()) && java.util.Objects.equals(message, waiting.getMessage())) {
      return;
    }
    var container = pod.getSpec().getContainers().get(0);
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
        p.setStatus(new PodStatusBuilder().withPhase("Pending").withHostIP(POD_IP).withStartTime(java.time.Instant.now().toString())
            .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                .withReady(false).withStarted(false).withRestartCount(0).withNewState().withNewWaiting()
                .withReason(missing.waitingReason()).withMessage(message).endWaiting().endState().build())
            .build());
        return p;
      });
    } catch (RuntimeException e) {
      // deleted meanwhile
    }
  }

  /** Stops a pod's process (SIGTERM, then SIGKILL after a grace period); returns when it is gone. */
  void stop(String uid) {
    PodProcess process = running.remove(uid);
    if (process != null) {
      process.stop();
    }
  }

  /** A free local port for a container port. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    running.keySet().forEach(this::stop);
  }
}
