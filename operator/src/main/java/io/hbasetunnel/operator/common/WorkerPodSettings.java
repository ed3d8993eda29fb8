package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * What every worker pod (Job and wal-sync Deployment) gets besides its command: the container's
 * resources, JAVA_OPTS (added after bin/hbase-tunnel's defaults, so {@code -Xmx} here wins), and
 * the pod's node selector and tolerations. The operator takes them as JSON flags; the chart's
 * {@code worker.*} values render them, with the same defaults as here.
 */
public record WorkerPodSettings(ResourceRequirements resources, String javaOpts, Map<String, String> nodeSelector,
    List<Toleration> tolerations) {
  /** The chart's {@code worker.resources}: the worker's 1 GB heap (bin/hbase-tunnel) plus HBase client buffers. */
  public static final String DEFAULT_RESOURCES = "{\"requests\":{\"cpu\":\"1\",\"memory\":\"2Gi\"},\"limits\":{\"memory\":\"2Gi\"}}";
  public static final String DEFAULT_JAVA_OPTS = "";
  public static final String DEFAULT_NODE_SELECTOR = "{}";
  public static final String DEFAULT_TOLERATIONS = "[]";

  /** Nothing set: the pod template as before these settings existed. */
  public static final WorkerPodSettings NONE = new WorkerPodSettings(null, null, Map.of(), List.of());

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static WorkerPodSettings defaults() {
    return parse(DEFAULT_RESOURCES, DEFAULT_JAVA_OPTS, DEFAULT_NODE_SELECTOR, DEFAULT_TOLERATIONS);
  }

  /** @throws IllegalArgumentException naming the flag, what is wrong and an example */
  public static WorkerPodSettings parse(String resources, String javaOpts, String nodeSelector, String tolerations) {
    return new WorkerPodSettings(
        read("--worker-resources", resources, new TypeReference<ResourceRequirements>() {},
            "{\"requests\":{\"cpu\":\"1\",\"memory\":\"2Gi\"},\"limits\":{\"memory\":\"2Gi\"}}"),
        javaOpts == null || javaOpts.isBlank() ? null : javaOpts.trim(),
        read("--worker-node-selector", nodeSelector, new TypeReference<Map<String, String>>() {}, "{\"disktype\":\"ssd\"}"),
        read("--worker-tolerations", tolerations, new TypeReference<List<Toleration>>() {},
            "[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"hbase\",\"effect\":\"NoSchedule\"}]"));
  }

  private static Map<String, Object> unknownKeys(Object model) {
    if (model instanceof ResourceRequirements r) {
      return r.getAdditionalProperties();
    }
    return model instanceof Toleration t ? t.getAdditionalProperties() : Map.of();
  }

  private static <T> T read(String flag, String text, TypeReference<T> type, String example) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      T value = JSON.readValue(text, type);
      // the Kubernetes model keeps unknown keys aside instead of failing: a misspelt key is refused here
      for (Object item : value instanceof List<?> list ? list : List.of(value)) {
        if (item instanceof io.fabric8.kubernetes.api.model.KubernetesResource resource) {
          Map<String, Object> unknown = unknownKeys(resource);
          if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) " + unknown.keySet());
          }
        }
      }
      if (value instanceof ResourceRequirements r) {
        // "2 GB" parses as JSON but no API server takes it: refuse it here
        for (Map<String, Quantity> quantities : java.util.Arrays.asList(r.getRequests(), r.getLimits())) {
          if (quantities != null) {
            quantities.values().forEach(Quantity::getAmountInBytes);
          }
        }
      }
      return value;
    } catch (JsonProcessingException | RuntimeException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException(flag + " is not valid JSON of the expected shape (" + why + "): got '" + text
          + "'; example: " + flag + "='" + example + "'");
    }
  }
}
