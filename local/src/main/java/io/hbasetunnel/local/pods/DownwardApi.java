package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fieldRef paths of the downward API that a local pod can answer. */
final class DownwardApi {
  private static final Pattern MAP_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  private DownwardApi() {}

  static String field(Pod pod, String path) {
    switch (path) {
      case "metadata.name":
        return pod.getMetadata().getName();
      case "metadata.namespace":
        return pod.getMetadata().getNamespace();
      case "metadata.uid":
        return pod.getMetadata().getUid();
      case "spec.nodeName":
        return "localhost";
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName();
      case "status.podIP":
      case "status.hostIP":
        return LocalKubelet.POD_IP;
      default:
        Matcher m = MAP_KEY.matcher(path);
        if (m.matches()) {
          Map<String, String> values = "labels".equals(m.group(1)) ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
          return values == null ? "" : values.getOrDefault(m.group(2), "");
        }
        return "";
    }
  }
}
