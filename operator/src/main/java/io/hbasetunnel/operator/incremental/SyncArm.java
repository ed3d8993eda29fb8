package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TargetTables;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.JobStep;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.PodHealth;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.common.WorkerView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pins the source's WALs when a standalone IncrementalSync is created, before any worker runs: an
 * arm Job ({@code worker wal-sync --arm-only}, as a migration's follow-on arms) with the sync's id,
 * tables and start time. The workers start only once it succeeded, so WALs written after the start
 * time cannot be archived and cleaned while the workers wait (image pull, quota, schema Jobs).
 * A sync armed by its migration (spec.armedSyncId) needs no arm, nor one whose workers an operator
 * without arms started (their worker pinned at its start).
 */
final class SyncArm {
  /** Degraded reason of a failed arm: FAILED until a retry. */
  static final String ARM_FAILED = "ArmFailed";

  /** Where the arm stands: pinned (the workers may start), not yet, or failed with why. */
  record Result(boolean armed, String failure) {
    static final Result ARMED = new Result(true, null);
    static final Result WAITING = new Result(false, null);

    boolean failed() {
      return failure != null;
    }
  }

  private final WorkerSettings worker;
  private final JobStep jobStep;

  SyncArm(WorkerSettings worker, JobStep jobStep) {
    this.worker = worker;
    this.jobStep = jobStep;
  }

  static String jobName(IncrementalSync task) {
    return Names.child(task.getMetadata().getName(), "wal-arm");
  }

  /**
   * Drives the arm Job; idempotent, Job events bring the next call.
   *
   * @param workersStarted this sync's Deployment exists already
   * @param pods this sync's pods (the arm Job's among them)
   */
  Result drive(IncrementalSync task, IncrementalSyncStatus status, String syncId, Map<String, Job> jobs, WorkerView pods,
      boolean paused, boolean retry, boolean workersStarted) {
    String armedSyncId = task.getSpec().getArmedSyncId();
    if ((armedSyncId != null && !armedSyncId.isEmpty()) || status.getArmedAt() != null
        || (status.getArmTask() == null && workersStarted)) {
      return Result.ARMED;
    }
    if (status.getArmTask() == null) {
      status.setArmTask(new SubTask("arm-" + Names.hash(task.getMetadata().getUid(), 12), TaskState.PENDING));
    }
    SubTask armTask = status.getArmTask();
    String jobName = jobName(task);
    int attempt = armTask.getAttempts() == null ? 1 : armTask.getAttempts();
    var extra = task.getSpec().getExtraAttrs();
    WorkerCommand command = WorkerCommand.armWalSync().syncId(syncId)
        .syncTables(TargetTables.resolve(task.getSpec().getTables(), extra))
        .families(SpecCheck.syncFamilies(task.getSpec().getTables(), extra))
        .startTime(IncrementalSyncReconciler.startTime(task))
        .statusFile(WorkerPods.TERMINATION_LOG);
    JobStep.Next next = jobStep.drive(new JobStep.Request(task, armTask, jobName, Optional.ofNullable(jobs.get(jobName)), paused,
        retry, () -> failsAtOnceOnWalGone(WorkerJobs.job(task, jobName, "arm", attempt, worker, task.getSpec().getSource(),
            task.getSpec().getDestination(), command, 1, true)), "WAL pin (arm)", pods));
    if (next == JobStep.Next.CONTINUE) {
      status.setArmedAt(Objects.requireNonNullElse(armTask.getEndTime(), Instant.now().toString()));
      return Result.ARMED;
    }
    if (armTask.getState() == TaskState.FAILED) {
      List<Pod> armPods = pods.of(jobName);
      String why = PodHealth.fatalExit(armPods).map(PodHealth.FatalExit::describe).orElse(armTask.getMessage());
      return new Result(false, "arm Job " + jobName + " (pinning the source's WALs) failed: " + why);
    }
    return Result.WAITING;
  }

  /** Exit 4 (the WALs from the start time are gone already): no retry can bring them back. */
  private static Job failsAtOnceOnWalGone(Job job) {
    return WorkerJobs.failsAtOnceAsSyncArm(job);
  }
}
