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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Optional;

/**
 * Polls the running wal-sync pods' GET /status, all in parallel; a pod that does not answer within
 * the pass's 2 s deadline is skipped. The
 * sync's offset is the smallest of the workers' (each covers the region-server streams it holds);
 * a problem any worker reports (its {@code problem}) is the sync's. The JSON is the contract's SyncStatus.
 */
public final class HttpSyncStatusSource implements SyncStatusSource {
  public static final int STATUS_PORT = 8080;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(2);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
  private final int port;

  public HttpSyncStatusSource() {
    this(STATUS_PORT);
  }

  /** @param port the workers' status port (tests run them elsewhere than 8080) */
  public HttpSyncStatusSource(int port) {
    this.port = port;
  }

  /** All pods at once, within one 2 s deadline: a few silent pods hold the reconcile thread 2 s, not 2 s each. */
  @Override
  public Optional<SyncReport> read(List<Pod> runningPods) {
    Map<String, CompletableFuture<HttpResponse<String>>> calls = new LinkedHashMap<>();
    for (Pod pod : runningPods) {
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (ip != null) {
        calls.put(pod.getMetadata().getName(), http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port
            + "/status")).timeout(DEADLINE).build(), HttpResponse.BodyHandlers.ofString()));
      }
    }
    long end = System.nanoTime() + DEADLINE.toNanos();
    SyncReport combined = null;
    for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> call : calls.entrySet()) {
      try {
        HttpResponse<String> response = call.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        SyncReport report = reportOf(call.getKey(), JSON.readTree(response.body()));
        if (report != null) {
          combined = combined == null ? report : combined.and(report);
        }
      } catch (Exception e) {
        // a pod starting or stopping: the others still tell where the sync stands
        call.getValue().cancel(true);
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
