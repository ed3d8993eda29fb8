package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.Event;
import io.hbasetunnel.api.v1alpha1.FollowOnStatus;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.Conditions;
import io.hbasetunnel.operator.common.Degradation;
import io.hbasetunnel.operator.common.EventReasons;
import io.hbasetunnel.operator.common.EventRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The update-status step of a migration: its state from the sub-tasks and, once every table is
 * done, the follow-on sync; progress, conditions, and an Event when the state changes.
 */
final class MigrationSummary {
  /** Degraded reason when a table's verification found differences. */
  static final String TABLES_DIFFER = "TablesDiffer";

  private final EventRecorder events;

  MigrationSummary(EventRecorder events) {
    this.events = events;
  }

  /** A migration has started once its tables are planned: what it runs on may no longer change. */
  static boolean started(FullDataMigrationStatus status) {
    return status.getTables() != null && !status.getTables().isEmpty();
  }

  static boolean copying(FullDataMigrationStatus status) {
    return status.getTables().stream().anyMatch(t -> t.getFullTask().getState() == TaskState.RUNNING
        || (t.getBulkloadTask() != null && t.getBulkloadTask().getState() == TaskState.RUNNING));
  }

  /** Every sub-task of every table, in order. */
  static List<SubTask> tableSubTasks(FullDataMigrationStatus status) {
    List<SubTask> subs = new ArrayList<>();
    for (TableMigrationStatus table : status.getTables()) {
      subs.add(table.getSchemeTask());
      subs.add(table.getFullTask());
      if (table.getBulkloadTask() != null) {
        subs.add(table.getBulkloadTask());
      }
      if (table.getVerifyTask() != null) {
        subs.add(table.getVerifyTask());
      }
    }
    return subs;
  }

  /** Where the task stands: its state, message and the Degraded reason of a failure. */
  private record Standing(TaskState state, String message, String failedReason, boolean ready) {}

  /**
   * The state from the sub-tasks and, once every table is done, the follow-on sync: RUNNING
   * while it runs (Ready: copied and in sync), FAILED when it fails, KILLED when paused (the
   * migration, or the sync on its own) or deleted.
   */
  private static Standing standing(FullDataMigration task, FullDataMigrationStatus status) {
    List<SubTask> subs = new ArrayList<>();
    FollowOnStatus follow = status.getFollowOn();
    if (follow != null) {
      subs.add(follow.getArmTask());
    }
    subs.addAll(tableSubTasks(status));
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    Optional<SubTask> failed = subs.stream().filter(s -> s.getState() == TaskState.FAILED).findFirst();
    if (failed.isPresent()) {
      boolean differ = status.getTables().stream().anyMatch(t -> t.getVerifyTask() == failed.get() && t.getVerify() != null
          && t.getVerify().getDifferences() != null && t.getVerify().getDifferences() > 0);
      String what = differ ? "verification " + failed.get().getName() + " found differences: " : failed.get().getName() + " failed: ";
      return new Standing(TaskState.FAILED, what + failed.get().getMessage() + "; fix the cause, then retry",
          differ ? TABLES_DIFFER : null, false);
    }
    boolean copied = subs.stream().allMatch(s -> s.getState().isDone());
    if (copied && follow == null) {
      return new Standing(TaskState.SUCCEEDED, "all " + status.getTables().size() + " tables copied", null, false);
    }
    if (paused) {
      return new Standing(TaskState.KILLED, copied ? "paused (abort): follow-on sync " + follow.getSyncName() + " paused too"
          : "paused (abort); retry resumes from the checkpoints", null, false);
    }
    if (copied) {
      String sync = "follow-on sync " + follow.getSyncName();
      String detail = follow.getMessage() == null ? "" : ": " + follow.getMessage();
      return switch (follow.getState() == null ? TaskState.PENDING : follow.getState()) {
        case FAILED -> new Standing(TaskState.FAILED, sync + " failed" + detail + "; fix the cause, then retry", null, false);
        case RUNNING -> new Standing(TaskState.RUNNING, "copied and in sync: " + sync + detail, null, true);
        // aborted (or deleted) on the sync itself: the migration stands still with it
        case KILLED -> new Standing(TaskState.KILLED, sync + " stopped" + detail, null, false);
        default -> new Standing(TaskState.RUNNING, "copied and verified; " + sync + " starting" + detail, null, false);
      };
    }
    if (subs.stream().anyMatch(s -> s.getState() == TaskState.RUNNING)) {
      return new Standing(TaskState.RUNNING, follow != null && !Boolean.TRUE.equals(follow.getArmed())
          ? "arming the follow-on sync (pinning WALs)" : "copying", null, false);
    }
    return new Standing(TaskState.PENDING, status.getMessage(), null, false);
  }

  /** State, progress, conditions and an Event when the task's state changes. */
  void update(FullDataMigration task, FullDataMigrationStatus status, TaskState before,
      Optional<Degradation> degraded) {
    int done = 0;
    int total = 0;
    for (TableMigrationStatus table : status.getTables()) {
      var progress = table.getFullTask().getProgress();
      if (progress != null) {
        done += Objects.requireNonNullElse(progress.getUnitsDone(), 0);
        total += Objects.requireNonNullElse(progress.getUnitsTotal(), 0);
      }
    }
    Standing standing = standing(task, status);
    TaskState state = standing.state();
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    status.setMessage(standing.message());
    status.setState(state);
    status.setProgress(total == 0 ? null : done + "/" + total);
    if (state.isTerminal() && status.getEndTime() == null) {
      status.setEndTime(Instant.now().toString());
    } else if (!state.isTerminal()) {
      status.setEndTime(null);
    }
    status.setObservedGeneration(task.getMetadata().getGeneration());
    Long generation = task.getMetadata().getGeneration();
    boolean ready = state == TaskState.SUCCEEDED || (standing.ready() && degraded.isEmpty());
    Conditions.set(status.getConditions(), Conditions.READY, ready, ready && state == TaskState.RUNNING ? "InSync" : state.name(),
        status.getMessage(), generation);
    Conditions.set(status.getConditions(), Conditions.PROGRESSING, (state == TaskState.RUNNING && !ready) || state == TaskState.PENDING,
        state.name(), status.getMessage(), generation);
    if (state != TaskState.FAILED && state != TaskState.KILLED && degraded.isPresent()) {
      if (degraded.get().mark(status.getConditions(), generation)) {
        events.warning(task, degraded.get().reason(), degraded.get().message());
      }
    } else {
      Conditions.set(status.getConditions(), Conditions.DEGRADED, state == TaskState.FAILED,
          standing.failedReason() != null ? standing.failedReason() : state.name(), status.getMessage(), generation);
    }
    Conditions.set(status.getConditions(), Conditions.PAUSED, paused, paused ? "Aborted" : "NotPaused", "", generation);
    if (state != before) {
      if (state == TaskState.FAILED) {
        events.warning(task, standing.failedReason() != null ? standing.failedReason() : "Failed", status.getMessage());
      } else {
        events.normal(task, EventReasons.of(state), status.getMessage() == null ? state.name() : status.getMessage());
      }
    }
  }
}
