package io.hbasetunnel.local;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.hbasetunnel.local.pods.LocalKubelet;
import io.hbasetunnel.operator.incremental.HttpSyncStatusSource;
import io.hbasetunnel.operator.incremental.SyncStatusSource;
import java.util.List;
import java.util.Optional;

/**
 * The operator's {@link HttpSyncStatusSource}, one pod at a time at the local port the pod runner
 * mapped its status port to (all local pods share one address), combined as the operator combines
 * several workers: the smallest offset, the latest sync time, the summed rate, the first problem.
 */
final class LocalSyncStatusSource implements SyncStatusSource {
  @Override
  public Optional<SyncReport> read(List<Pod> runningPods) {
    SyncReport combined = null;
    for (Pod pod : runningPods) {
      int port = localPort(pod, HttpSyncStatusSource.STATUS_PORT);
      if (port < 0) {
        continue;
      }
      Pod atLoopback = new PodBuilder(pod).editOrNewStatus().withPodIP(LocalKubelet.POD_IP).endStatus().build();
      Optional<SyncReport> report = new HttpSyncStatusSource(port).read(List.of(atLoopback));
      if (report.isPresent()) {
        combined = combined == null ? report.get() : combined.and(report.get());
      }
    }
    return Optional.ofNullable(combined);
  }

  private static int localPort(Pod pod, int containerPort) {
    String mapping = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(LocalKubelet.PORTS_ANNOTATION);
    if (mapping == null) {
      return -1;
    }
    for (String pair : mapping.split(",")) {
      String[] parts = pair.split("=");
      if (parts.length == 2 && parts[0].equals(String.valueOf(containerPort))) {
        return Integer.parseInt(parts[1]);
      }
    }
    return -1;
  }
}
