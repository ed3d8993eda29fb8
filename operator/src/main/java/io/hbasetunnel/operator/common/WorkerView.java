package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A task's worker pods as one pass sees them: the pod informer's copies, and what the running
 * ones that serve GET /status answered, read once per pass for all of them in parallel within
 * one deadline (WorkerStatusReader), not Job after Job.
 *
 * @param live the answers by pod name (empty when nothing serves /status)
 */
public record WorkerView(Collection<Pod> pods, Map<String, JsonNode> live) {
  public static WorkerView of(Collection<Pod> pods) {
    return new WorkerView(List.copyOf(pods), Map.of());
  }

  /** The pods of a Job (job-name label, set by the job controller). */
  public List<Pod> of(String jobName) {
    return pods.stream().filter(p -> p.getMetadata().getLabels() != null
        && jobName.equals(p.getMetadata().getLabels().get("job-name"))).toList();
  }
}
