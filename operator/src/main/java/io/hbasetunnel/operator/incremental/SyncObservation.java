package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.operator.common.Degradation;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.PodHealth;
import io.hbasetunnel.operator.common.RunIds;
import io.hbasetunnel.operator.common.StuckWorkers;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerView;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The observe step of a sync: its own Jobs, Deployment and pods from the informers, what the
 * kubelet and the controllers say of them, and the sync id its running Deployment carries.
 */
final class SyncObservation {
  private SyncObservation() {}

  /** What one pass saw: the task's own Jobs, the wal-sync pods and what the kubelet says of them. */
  record Observed(Map<String, Job> jobs, List<Pod> pods, WorkerView allPods, Optional<PodHealth.FatalExit> fatalExit,
      Optional<PodHealth.NotStarting> notStarting, Optional<Degradation> stuck, boolean retry, boolean paused,
      Optional<String> runningSyncId) {}

  static Observed observe(IncrementalSync task, IncrementalSyncStatus status, Context<IncrementalSync> context) {
    Map<String, Job> jobs = context.getSecondaryResources(Job.class).stream()
        .filter(j -> WorkerJobs.ownedBy(j, task))
        .collect(Collectors.toMap(j -> j.getMetadata().getName(), Function.identity(), (a, b) -> a));
    List<Pod> allPods = List.copyOf(context.getSecondaryResources(Pod.class));
    List<Pod> pods = allPods.stream().filter(p -> "wal-sync".equals(p.getMetadata().getLabels().get(Labels.SUBTASK))).toList();
    boolean retry = task.getSpec().getRetryNonce() != null && !task.getSpec().getRetryNonce().equals(status.getObservedRetryNonce());
    Optional<Degradation> stuck = StuckWorkers.find(jobs.values(), ownDeployments(task, context), allPods,
        context.getSecondaryResources(Event.class));
    return new Observed(jobs, pods, WorkerView.of(allPods), PodHealth.fatalExit(pods), PodHealth.notStarting(pods), stuck, retry,
        Boolean.TRUE.equals(task.getSpec().getPaused()), runningSyncId(task, context));
  }

  /**
   * The sync id this resource's Deployment already runs with: a sync keeps the id it started
   * with (its checkpoint row and WAL pin), also one started by an operator that named syncs
   * differently (before ids came from the uid, the bare name).
   */
  static Optional<String> runningSyncId(IncrementalSync task, Context<IncrementalSync> context) {
    return ownDeployments(task, context).stream().map(RunIds::of).flatMap(Optional::stream).findFirst();
  }

  /** This very resource's Deployments (by uid), from the informer cache. */
  private static List<Deployment> ownDeployments(IncrementalSync task, Context<IncrementalSync> context) {
    return context.getSecondaryResources(Deployment.class).stream().filter(d -> WorkerJobs.ownedBy(d, task)).toList();
  }
}
