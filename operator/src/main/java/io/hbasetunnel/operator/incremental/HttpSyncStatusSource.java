package io.hbasetunnel.operator.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.hbasetunnel.contract.report.Reports;
import io.hbasetunnel.contract.report.SyncStatus;
import io.hbasetunnel.operator.common.WorkerStatusReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Polls the running wal-sync pods' GET /status, all in parallel ({@link WorkerStatusReader}); a pod
 * that does not answer within the pass's 2 s deadline is skipped. The sync's offset is the smallest of the workers' (each covers the region-server streams it holds);
 * a problem any worker reports (its {@code problem}) is the sync's. The JSON is the contract's SyncStatus.
 */
public final class HttpSyncStatusSource implements SyncStatusSource {
  public static final int STATUS_PORT = 8080;
  private final WorkerStatusReader reader;

  public HttpSyncStatusSource() {
    this(STATUS_PORT);
  }

  /** @param port the workers' status port (tests run them elsewhere than 8080) */
  public HttpSyncStatusSource(int port) {
    // all pods at once, within one 2 s deadline: a few silent pods hold the reconcile thread 2 s, not 2 s each
    this.reader = new WorkerStatusReader(port, Duration.ofSeconds(2));
  }

  @Override
  public Optional<SyncReport> read(List<Pod> runningPods) {
    SyncReport combined = null;
    for (Map.Entry<String, JsonNode> answer : reader.read(runningPods).entrySet()) {
      SyncReport report;
      try {
        report = reportOf(answer.getKey(), answer.getValue());
      } catch (RuntimeException notAStatus) {
        // a pod starting or stopping: the others still tell where the sync stands
        continue;
      }
      if (report != null) {
        combined = combined == null ? report : combined.and(report);
      }
    }
    return Optional.ofNullable(combined);
  }

  /**
   * One worker's status: its offset when it holds a stream (a worker holding none, with more
   * workers than region servers, says nothing about the lag) and its problem; null when neither.
   */
  static SyncReport reportOf(String pod, JsonNode json) {
    SyncStatus status = Reports.read(json, SyncStatus.class);
    SyncStatus.Problem problem = status.problem();
    SyncStatusSource.Problem fault = problem != null && problem.reason() != null && !problem.reason().isEmpty()
        ? new SyncStatusSource.Problem(problem.reason(), "worker " + pod + ": " + Objects.requireNonNullElse(problem.message(), ""))
        : null;
    if (status.streams() == 0) {
      return fault == null ? null : new SyncReport(null, 0, 0.0, fault);
    }
    return new SyncReport(status.offset(), status.synctime(), status.entriesPerSecond(), fault);
  }
}
