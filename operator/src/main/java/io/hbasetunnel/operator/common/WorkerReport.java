package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.hbasetunnel.api.v1alpha1.SubTaskProgress;
import io.hbasetunnel.contract.report.ProgressReport;
import io.hbasetunnel.contract.report.Reports;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the worker pods of a Job reported in their termination messages (the contract's
 * ProgressReport, or a verify Job's VerifyReportJson), summed over the Job's pods.
 */
public record WorkerReport(boolean skipped, String message, SubTaskProgress progress, Long snapshotTime) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Set by the job controller on the pods of an Indexed Job. */
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  public static WorkerReport of(List<Pod> pods) {
    return of(pods, Map.of());
  }

  /**
   * @param live what running pods answer on GET /status now, by pod name: it wins over the
   *     (older) termination message. Only the newest pod of each completion index counts, so a
   *     retried shard is not counted twice.
   */
  public static WorkerReport of(List<Pod> pods, Map<String, JsonNode> live) {
    boolean skipped = false;
    String message = null;
    Long snapshotTime = null;
    SubTaskProgress progress = new SubTaskProgress();
    boolean any = false;
    for (Pod pod : latestPerIndex(pods)) {
      JsonNode report = live.containsKey(pod.getMetadata().getName()) ? live.get(pod.getMetadata().getName())
          : terminationReport(pod);
      if (report == null) {
        continue;
      }
      any = true;
      // a verify Job's report: its counts as the message, no progress counted
      boolean verify = Reports.isVerifyReport(report);
      ProgressReport read = verify ? ProgressReport.messageOnly(VerifyResults.message(report)) : read(report);
      skipped |= Boolean.TRUE.equals(read.skipped());
      if (read.message() != null && !read.message().isEmpty()) {
        message = read.message();
      }
      if (read.snapshotTime() != null) {
        snapshotTime = read.snapshotTime();
      }
      progress.setUnitsDone(sum(progress.getUnitsDone(), read.unitsDone()));
      progress.setUnitsTotal(sum(progress.getUnitsTotal(), read.unitsTotal()));
      progress.setRows(sum(progress.getRows(), read.rows()));
      progress.setBytes(sum(progress.getBytes(), read.bytes()));
      if (read.hasRates()) {
        // the pods copy side by side: their rates add up, the slowest one decides the end (unknown yet: 0)
        progress.setMbPerSecond((progress.getMbPerSecond() == null ? 0 : progress.getMbPerSecond()) + read.mbPerSecond());
        progress.setEtaSeconds(Math.max(progress.getEtaSeconds() == null ? 0 : progress.getEtaSeconds(),
            read.etaSeconds() == null ? 0 : read.etaSeconds()));
      }
    }
    return new WorkerReport(skipped, message, any ? progress : null, snapshotTime);
  }

  /** A pod's report as the contract's ProgressReport; one whose fields do not read as such keeps its message only. */
  private static ProgressReport read(JsonNode report) {
    try {
      return Reports.read(report, ProgressReport.class);
    } catch (IllegalArgumentException unreadable) {
      return ProgressReport.messageOnly(report.path("message").asText(null));
    }
  }

  /** The newest pod of each completion index (a plain Job's pods all share one index). */
  static List<Pod> latestPerIndex(List<Pod> pods) {
    Map<String, Pod> latest = new TreeMap<>();
    // timestamps have seconds: within one, a failed pod is the older one (its replacement came after it)
    Comparator<Pod> age = Comparator.comparing((Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
        .thenComparing(p -> p.getStatus() == null || !"Failed".equals(p.getStatus().getPhase()))
        .thenComparing(p -> p.getMetadata().getName());
    for (Pod pod : pods) {
      latest.merge(completionIndex(pod), pod, (a, b) -> age.compare(a, b) >= 0 ? a : b);
    }
    return List.copyOf(latest.values());
  }

  private static String completionIndex(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    Map<String, String> labels = pod.getMetadata().getLabels();
    String index = annotations == null ? null : annotations.get(COMPLETION_INDEX);
    if (index == null && labels != null) {
      index = labels.get(COMPLETION_INDEX);
    }
    return index == null ? "" : index;
  }

  /** The parsed termination message of a pod's worker: a JSON report, or the log tail as its message. */
  public static JsonNode reportOf(Pod pod) {
    return terminationReport(pod);
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
