package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.Pod;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.Conditions;
import io.hbasetunnel.operator.common.Degradation;
import io.hbasetunnel.operator.common.EventReasons;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.LastValidSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The update-status step of a sync: state, message, conditions and Events from the pass's
 * Outcome, and the offset, lag and rate the workers report on GET /status.
 */
final class SyncSummary {
  private static final DateTimeFormatter SYNC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /** A lag that only grows with the clock (the offset stands still) is written again this often. */
  private static final long LAG_REFRESH_MILLIS = 60_000;
  /** Degraded reason (and Warning event) of a spec that cannot work; nothing is created for it. */
  private static final String INVALID_SPEC = LastValidSpec.REASON;

  private final SyncStatusSource syncStatus;
  private final ZoneId zone;
  private final EventRecorder events;

  SyncSummary(SyncStatusSource syncStatus, ZoneId zone, EventRecorder events) {
    this.syncStatus = syncStatus;
    this.zone = zone;
    this.events = events;
  }

  /**
   * Where a pass leaves the sync: its state and message, the Degraded reason of a FAILED state,
   * what degrades a sync that has not failed (a worker pod that cannot start or is never created,
   * a problem a worker reports), and when to look again (0: only on events).
   */
  /**
   * Where a pass leaves the sync: its state and message, the Degraded reason of a FAILED state,
   * what degrades a sync that has not failed (a worker pod that cannot start or is never created,
   * a problem a worker reports), and when to look again (0: only on events).
   */
  record Outcome(TaskState state, String message, String failedReason, Degradation degraded,
      long recheckMillis) {
    static Outcome of(TaskState state, String message) {
      return new Outcome(state, message, null, null, 0);
    }

    /** Workers stuck before they run degrade any state but FAILED and KILLED. */
    Outcome orStuck(Optional<Degradation> stuck) {
      if (degraded != null || stuck.isEmpty() || state == TaskState.FAILED || state == TaskState.KILLED) {
        return this;
      }
      return new Outcome(state, message, failedReason, stuck.get(), recheckMillis);
    }
  }

  /** Offset, lag and rate from the workers' status; the problem a worker reports, if any. */
  Optional<SyncStatusSource.Problem> readOffsets(IncrementalSyncStatus status, List<Pod> pods) {
    Optional<SyncStatusSource.SyncReport> read = syncStatus.read(pods);
    read.filter(report -> report.offset() != null).ifPresent(report -> {
      long lag = Math.max(0, System.currentTimeMillis() - report.offset());
      // an offset that stands still: the lag grows with the clock alone, written again once it grew by a minute
      if (!report.offset().equals(status.getOffset()) || status.getLagMs() == null
          || Math.abs(lag - status.getLagMs()) >= LAG_REFRESH_MILLIS) {
        status.setLagMs(lag);
      }
      status.setOffset(report.offset());
      status.setSynctime(report.synctime());
      status.setSyncDate(SYNC_DATE.format(Instant.ofEpochMilli(report.synctime()).atZone(zone)));
      status.setEntriesPerSecond(report.entriesPerSecond());
    });
    return read.map(SyncStatusSource.SyncReport::problem);
  }

  /**
   * State, message, conditions and Events from the pass's outcome: {@code failedReason} is the
   * Degraded reason of a FAILED state (default the state's name); {@code degraded} degrades a
   * sync that has not failed, and it is not Ready meanwhile (one Warning per distinct problem).
   */
  void update(IncrementalSync task, IncrementalSyncStatus status, TaskState before, Outcome outcome) {
    TaskState state = outcome.state();
    String message = outcome.message();
    String failedReason = outcome.failedReason();
    Degradation degraded = outcome.degraded();
    status.setState(state);
    status.setMessage(message);
    Long generation = task.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    Conditions.set(status.getConditions(), Conditions.READY, state == TaskState.RUNNING && degraded == null,
        degraded == null ? state.name() : degraded.reason(), message, generation);
    Conditions.set(status.getConditions(), Conditions.PROGRESSING, state == TaskState.PENDING, state.name(), message, generation);
    if (state == TaskState.FAILED) {
      Conditions.set(status.getConditions(), Conditions.DEGRADED, true, failedReason != null ? failedReason : state.name(),
          message, generation);
    } else if (degraded != null) {
      if (degraded.mark(status.getConditions(), generation)) {
        events.warning(task, degraded.reason(), degraded.message());
      }
    } else {
      Conditions.set(status.getConditions(), Conditions.DEGRADED, false, state.name(), "", generation);
    }
    Conditions.set(status.getConditions(), Conditions.PAUSED, state == TaskState.KILLED, state == TaskState.KILLED ? "Aborted" : "NotPaused",
        "", generation);
    if (state != before) {
      if (state == TaskState.FAILED) {
        events.warning(task, INVALID_SPEC.equals(failedReason) ? INVALID_SPEC : "Failed", message);
      } else {
        events.normal(task, EventReasons.of(state), message);
      }
    }
  }
}
