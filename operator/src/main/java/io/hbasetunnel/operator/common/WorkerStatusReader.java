package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * GET /status of the given worker pods (those with an address), all at once and within one
 * deadline, so many shards (or a few silent pods) hold a reconcile thread for at most that long.
 * A pod that does not answer in time, or not with JSON, is left out; a copy's termination message
 * still counts later. Used for the copies' progress and the wal-sync workers' offsets.
 */
public final class WorkerStatusReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final int port;
  private final Duration deadline;

  public WorkerStatusReader(int port, Duration deadline) {
    this.port = port;
    this.deadline = deadline;
    this.http = HttpClient.newBuilder().connectTimeout(deadline).build();
  }

  /** The workers' answers by pod name, in the pods' order. */
  public Map<String, JsonNode> read(List<Pod> pods) {
    Map<String, CompletableFuture<JsonNode>> calls = new LinkedHashMap<>();
    for (Pod pod : pods) {
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (ip == null) {
        continue;
      }
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + "/status")).timeout(deadline).build();
      calls.put(pod.getMetadata().getName(), http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> parse(r.statusCode() == 200 ? r.body() : null)));
    }
    long end = System.nanoTime() + deadline.toNanos();
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    calls.forEach((pod, call) -> {
      try {
        JsonNode status = call.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (status != null) {
          answers.put(pod, status);
        }
      } catch (Exception slowOrGone) {
        call.cancel(true);
      }
    });
    return answers;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null ? null : JSON.readTree(body);
    } catch (Exception notJson) {
      return null;
    }
  }
}
