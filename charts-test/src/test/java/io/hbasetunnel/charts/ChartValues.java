package io.hbasetunnel.charts;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/** The chart's values.yaml, for tests that compare it with the Dockerfile, build.sh and the operator. */
final class ChartValues {
  private ChartValues() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> all() {
    return Serialization.unmarshal(ProjectFiles.read(ProjectFiles.CHART.resolve("values.yaml")), Map.class);
  }

  @SuppressWarnings("unchecked")
  static String workerCommand() {
    return (String) ((Map<String, Object>) all().get("worker")).get("command");
  }

  /** repository:tag, the tag defaulting to Chart.yaml's appVersion as in _helpers.tpl. */
  @SuppressWarnings("unchecked")
  static String image() {
    Map<String, Object> image = (Map<String, Object>) all().get("image");
    String tag = (String) image.get("tag");
    if (tag == null || tag.isEmpty()) {
      Map<String, Object> chart = Serialization.unmarshal(ProjectFiles.read(ProjectFiles.CHART.resolve("Chart.yaml")), Map.class);
      tag = String.valueOf(chart.get("appVersion"));
    }
    return image.get("repository") + ":" + tag;
  }
}
