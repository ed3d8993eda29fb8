package io.hbasetunnel.operator.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.hbasetunnel.contract.report.Reports;
import io.hbasetunnel.contract.report.SyncStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Polls each running wal-sync pod's GET /status; a pod that does not answer in 2 s is skipped. The
 * sync's offset is the smallest of the workers' (each covers the region-server streams it holds);
 * a problem any worker reports (its {@code problem}) is the sync's. The JSON is the contract's SyncStatus.
 */
public final class HttpSyncStatusSource implements SyncStatusSource {
  public static final int STATUS_PORT = 8080;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int port;

  public HttpSyncStatusSource() {
    this(STATUS_PORT);
  }

  /** @param port the workers' status port (tests run them elsewhere than 8080) */
  public HttpSyncStatusSource(int port) {
    this.port = port;
  }

  @Override
  public Optional<SyncReport> read(List<Pod> runningPods) {
    SyncReport combined = null;
    for (Pod pod : runningPods) {
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (ip == null) {
        continue;
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + "/status"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        SyncReport report = reportOf(pod.getMetadata().getName(), JSON.readTree(response.body()));
        if (report != null) {
          combined = combined == null ? report : combined.and(report);
        }
      } catch (Exception e) {
        // a pod starting or stopping: the others still tell where the sync stands
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
