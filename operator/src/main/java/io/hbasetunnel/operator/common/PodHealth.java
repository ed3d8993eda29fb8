package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.hbasetunnel.contract.ExitCode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the kubelet and the scheduler say about worker pods: a worker that exited with a code
 * that restarting cannot fix (docs/worker-contract.md: 2 bad input, 4 WAL gone), or a pod that
 * cannot start at all (image, config, scheduling). Pods being deleted are left out.
 */
public final class PodHealth {
  /** Exit codes a restart does not cure: those that fail a sync (the contract's ExitCode). */
  public static final Set<Integer> FATAL_EXIT_CODES = Set.copyOf(ExitCode.failSyncCodes());
  /** Waiting reasons of a container that will not start until someone fixes something. */
  public static final Set<String> NOT_STARTING = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
      "CreateContainerConfigError", "CreateContainerError");

  private PodHealth() {}

  /** A worker's fatal exit: which pod, the exit code and the worker's termination message. */
  public record FatalExit(String pod, int exitCode, String message) {
    public String describe() {
      String meaning = exitCode == ExitCode.WAL_MISSING.code() ? "a WAL it still needed is gone (edits lost): re-copy the tables, then retry"
          : "bad input: fix the spec, then retry";
      return "worker " + pod + " exited with " + exitCode + " (" + meaning + ")"
          + (message == null || message.isEmpty() ? "" : ": " + message);
    }
  }

  /** Why a pod does not start: the kubelet's waiting reason or the scheduler's, and its message. */
  public record NotStarting(String pod, String reason, String message) {
    public String describe() {
      return "pod " + pod + " cannot start: " + reason + (message == null || message.isEmpty() ? "" : ": " + message);
    }
  }

  /** The first fatal exit, from the container's current state or, while it waits to restart, its last one. */
  public static Optional<FatalExit> fatalExit(List<Pod> pods) {
    for (Pod pod : live(pods)) {
      for (ContainerStatus container : containers(pod)) {
        for (ContainerState state : new ContainerState[] {container.getState(), container.getLastState()}) {
          ContainerStateTerminated terminated = state == null ? null : state.getTerminated();
          if (terminated != null && terminated.getExitCode() != null && FATAL_EXIT_CODES.contains(terminated.getExitCode())) {
            return Optional.of(new FatalExit(pod.getMetadata().getName(), terminated.getExitCode(),
                WorkerReport.messageOf(terminated.getMessage())));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The first pod that cannot start: a container waiting for a reason in {@link #NOT_STARTING}, or unschedulable. */
  public static Optional<NotStarting> notStarting(List<Pod> pods) {
    for (Pod pod : live(pods)) {
      for (ContainerStatus container : containers(pod)) {
        var waiting = container.getState() == null ? null : container.getState().getWaiting();
        if (waiting != null && NOT_STARTING.contains(waiting.getReason())) {
          return Optional.of(new NotStarting(pod.getMetadata().getName(), waiting.getReason(), waiting.getMessage()));
        }
      }
      List<PodCondition> conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
      if (conditions != null) {
        for (PodCondition c : conditions) {
          if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
            return Optional.of(new NotStarting(pod.getMetadata().getName(), "Unschedulable", c.getMessage()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Degraded condition reason (and Warning event reason) of a worker pod that cannot start. */
  public static final String NOT_STARTING_REASON = "WorkersNotStarting";

  /** A pod that cannot start as the task's Degradation (reason {@link #NOT_STARTING_REASON}). */
  public static Degradation degradation(NotStarting problem) {
    return new Degradation(NOT_STARTING_REASON, problem.describe());
  }

  private static List<Pod> live(List<Pod> pods) {
    return pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static List<ContainerStatus> containers(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return List.of();
    }
    return pod.getStatus().getContainerStatuses().stream().filter(c -> WorkerPods.CONTAINER.equals(c.getName())).toList();
  }
}
