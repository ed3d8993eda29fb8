package io.hbasetunnel.operator.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Polls each running wal-sync pod's GET /status; a pod that does not answer in 2 s is skipped. The
 * sync's offset is the smallest of the workers' (each covers the region-server streams it holds).
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
    Long offset = null;
    long synctime = 0;
    double rate = 0;
    for (Pod pod : runningPods) {
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (ip == null) {
        continue;
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + "/status"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode status = JSON.readTree(response.body());
        if (status.path("streams").asInt() == 0) {
          // a worker holding no stream (more workers than region servers) says nothing about the lag
          continue;
        }
        long podOffset = status.path("offset").asLong();
        offset = offset == null ? podOffset : Math.min(offset, podOffset);
        synctime = Math.max(synctime, status.path("synctime").asLong());
        rate += status.path("entriesPerSecond").asDouble();
      } catch (Exception e) {
        // a pod starting or stopping: the others still tell where the sync stands
      }
    }
    return offset == null ? Optional.empty() : Optional.of(new SyncReport(offset, synctime, rate));
  }
}
