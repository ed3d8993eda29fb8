package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.hbasetunnel.api.v1alpha1.SubTaskProgress;
import java.util.List;

/**
 * What the worker pods of a Job reported in their termination messages (the progress JSON of
 * docs/worker-contract.md), summed over the Job's pods.
 */
public record WorkerReport(boolean skipped, String message, SubTaskProgress progress, Long snapshotTime) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static WorkerReport of(List<Pod> pods) {
    boolean skipped = false;
    String message = null;
    Long snapshotTime = null;
    SubTaskProgress progress = new SubTaskProgress();
    boolean any = false;
    for (Pod pod : pods) {
      JsonNode report = terminationReport(pod);
      if (report == null) {
        continue;
      }
      any = true;
      skipped |= report.path("skipped").asBoolean(false);
      if (!report.path("message").asText("").isEmpty()) {
        message = report.get("message").asText();
      }
      if (report.has("snapshotTime")) {
        snapshotTime = report.get("snapshotTime").asLong();
      }
      progress.setUnitsDone(sum(progress.getUnitsDone(), report.path("unitsDone").asInt()));
      progress.setUnitsTotal(sum(progress.getUnitsTotal(), report.path("unitsTotal").asInt()));
      progress.setRows(sum(progress.getRows(), report.path("rows").asLong()));
      progress.setBytes(sum(progress.getBytes(), report.path("bytes").asLong()));
    }
    return new WorkerReport(skipped, message, any ? progress : null, snapshotTime);
  }

  private static JsonNode terminationReport(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      if (status.getState() != null && status.getState().getTerminated() != null
          && status.getState().getTerminated().getMessage() != null) {
        String text = status.getState().getTerminated().getMessage();
        try {
          return JSON.readTree(text);
        } catch (Exception notJson) {
          // FallbackToLogsOnError: the log tail, as the message
          return JSON.createObjectNode().put("message", text.strip());
        }
      }
    }
    return null;
  }

  /**
   * The message in a termination message: the report's {@code message} when it is a JSON report,
   * else the text itself (FallbackToLogsOnError: the log's tail).
   */
  public static String messageOf(String terminationMessage) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      return null;
    }
    try {
      JsonNode report = JSON.readTree(terminationMessage);
      if (report != null && report.isObject()) {
        return report.path("message").asText(terminationMessage.strip());
      }
    } catch (Exception notJson) {
      // the log tail
    }
    return terminationMessage.strip();
  }

  private static int sum(Integer a, int b) {
    return (a == null ? 0 : a) + b;
  }

  private static long sum(Long a, long b) {
    return (a == null ? 0 : a) + b;
  }
}
