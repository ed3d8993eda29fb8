package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Worker pods that never come, which no Job condition and no container state tells: a Job whose
 * pods the job controller cannot create (admission said no: Pod Security, an exhausted
 * ResourceQuota; the controller only records {@code FailedCreate} Events on the Job and retries
 * until the Job's deadline), a Deployment whose ReplicaSet cannot ({@code ReplicaFailure}
 * condition), a pod that stays in ContainerCreating because a volume cannot be mounted (a missing
 * ConfigMap or Secret: {@code FailedMount} Events on the Pod). Everything comes from the
 * reconciler's informer caches; what the controllers fixed since clears it on its own (a pod newer
 * than the refusal, a pod that runs).
 */
public final class StuckWorkers {
  /** Degraded reason: the job controller or the ReplicaSet cannot create the worker pods. */
  public static final String PODS_NOT_CREATED = "WorkerPodsNotCreated";
  /** Degraded reason: a worker pod cannot mount a volume (a ConfigMap or Secret that does not exist). */
  public static final String VOLUME_NOT_MOUNTED = "WorkerVolumeNotMounted";
  static final String FAILED_CREATE = "FailedCreate";
  static final String FAILED_MOUNT = "FailedMount";

  private StuckWorkers() {}

  /** The first stuck Job, Deployment or pod among the task's own, with what the controllers said. */
  public static Optional<Degradation> find(Collection<Job> jobs, Collection<Deployment> deployments, Collection<Pod> pods,
      Collection<Event> events) {
    for (Job job : jobs) {
      if (finished(job) || job.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      Optional<Event> refused = latest(events, "Job", job, FAILED_CREATE);
      Instant newestPod = pods.stream().filter(p -> job.getMetadata().getName().equals(label(p, "job-name")))
          .map(p -> time(p.getMetadata().getCreationTimestamp())).filter(Objects::nonNull).max(Comparator.naturalOrder())
          .orElse(Instant.MIN);
      // object timestamps have whole seconds: a refusal in the second a pod was made is taken as older
      if (refused.isPresent() && lastSeen(refused.get()).truncatedTo(ChronoUnit.SECONDS).isAfter(newestPod)) {
        return Optional.of(new Degradation(PODS_NOT_CREATED, "Job " + job.getMetadata().getName() + " cannot create its pods ("
            + FAILED_CREATE + "): " + refused.get().getMessage()
            + "; fix the cause (ResourceQuota, Pod Security admission), the job controller keeps trying"));
      }
    }
    for (Deployment deployment : deployments) {
      if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
        continue;
      }
      for (DeploymentCondition c : deployment.getStatus().getConditions()) {
        if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
          return Optional.of(new Degradation(PODS_NOT_CREATED, "Deployment " + deployment.getMetadata().getName()
              + " cannot create its pods (" + (c.getReason() == null ? FAILED_CREATE : c.getReason()) + "): " + c.getMessage()
              + "; fix the cause (ResourceQuota, Pod Security admission), the ReplicaSet keeps trying"));
        }
      }
    }
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null || started(pod)) {
        continue;
      }
      Optional<Event> mount = latest(events, "Pod", pod, FAILED_MOUNT);
      if (mount.isPresent()) {
        return Optional.of(new Degradation(VOLUME_NOT_MOUNTED, "pod " + pod.getMetadata().getName()
            + " stays in ContainerCreating (" + FAILED_MOUNT + "): " + mount.get().getMessage()
            + "; create what it names (the HBaseCluster's ConfigMap or Secret)"));
      }
    }
    return Optional.empty();
  }

  /** The newest event of {@code reason} about this very object (by uid when the event names one). */
  private static Optional<Event> latest(Collection<Event> events, String kind, HasMetadata object, String reason) {
    return events.stream()
        .filter(e -> reason.equals(e.getReason()) && e.getInvolvedObject() != null && kind.equals(e.getInvolvedObject().getKind())
            && object.getMetadata().getName().equals(e.getInvolvedObject().getName())
            && (e.getInvolvedObject().getUid() == null || e.getInvolvedObject().getUid().equals(object.getMetadata().getUid())))
        .max(Comparator.comparing(StuckWorkers::lastSeen));
  }

  /** When the event was last seen: whichever of the legacy and the events.k8s.io fields is set. */
  static Instant lastSeen(Event event) {
    return Stream.of(event.getLastTimestamp(), event.getSeries() == null || event.getSeries().getLastObservedTime() == null
            ? null : event.getSeries().getLastObservedTime().getTime(),
            event.getEventTime() == null ? null : event.getEventTime().getTime(), event.getFirstTimestamp(),
            event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp())
        .map(StuckWorkers::time).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(Instant.MIN);
  }

  /** A pod whose worker container has run (or runs): past volume setup. */
  private static boolean started(Pod pod) {
    if (pod.getStatus() == null) {
      return false;
    }
    if (!"Pending".equals(pod.getStatus().getPhase()) && pod.getStatus().getPhase() != null) {
      return true;
    }
    return pod.getStatus().getContainerStatuses() != null && pod.getStatus().getContainerStatuses().stream()
        .map(ContainerStatus::getState).anyMatch(s -> s != null && (s.getRunning() != null || s.getTerminated() != null));
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
  }

  private static String label(HasMetadata object, String key) {
    return object.getMetadata().getLabels() == null ? null : object.getMetadata().getLabels().get(key);
  }

  private static Instant time(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
