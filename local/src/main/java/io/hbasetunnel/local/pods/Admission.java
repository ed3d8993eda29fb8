package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API server's admission of a new pod, for the two rules that refuse worker pods on real
 * clusters: a ResourceQuota whose {@code pods} (or {@code count/pods}) hard limit is reached, and
 * Pod Security admission ({@code pod-security.kubernetes.io/enforce: restricted} on the namespace).
 * The refusal's text is the API server's, so what the operator shows is what a user would see.
 */
final class Admission {
  static final String ENFORCE = "pod-security.kubernetes.io/enforce";

  private Admission() {}

  /** Why the API server would refuse to create {@code pod}, or empty. */
  static Optional<String> refusal(KubernetesClient client, Pod pod, List<Pod> namespacePods) {
    String namespace = pod.getMetadata().getNamespace();
    long used = namespacePods.stream().filter(JobController::active).count();
    for (ResourceQuota quota : client.resourceQuotas().inNamespace(namespace).list().getItems()) {
      Map<String, Quantity> hard = quota.getSpec() == null ? null : quota.getSpec().getHard();
      Quantity limit = hard == null ? null : hard.getOrDefault("pods", hard.get("count/pods"));
      if (limit != null && used + 1 > limit.getNumericalAmount().longValue()) {
        return Optional.of("pods \"" + pod.getMetadata().getName() + "\" is forbidden: exceeded quota: "
            + quota.getMetadata().getName() + ", requested: pods=1, used: pods=" + used + ", limited: pods=" + limit);
      }
    }
    Namespace ns = client.namespaces().withName(namespace).get();
    String level = ns == null || ns.getMetadata().getLabels() == null ? null : ns.getMetadata().getLabels().get(ENFORCE);
    if ("restricted".equals(level)) {
      List<String> violations = restrictedViolations(pod);
      if (!violations.isEmpty()) {
        return Optional.of("pods \"" + pod.getMetadata().getName() + "\" is forbidden: violates PodSecurity \"restricted:latest\": "
            + String.join(", ", violations));
      }
    }
    return Optional.empty();
  }

  /** The checks of the restricted profile a worker pod can fail, worded as the API server words them. */
  private static List<String> restrictedViolations(Pod pod) {
    List<String> out = new ArrayList<>();
    var podContext = pod.getSpec().getSecurityContext();
    for (Container c : pod.getSpec().getContainers()) {
      var sc = c.getSecurityContext();
      if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        out.add("allowPrivilegeEscalation != false (container \"" + c.getName() + "\" must set securityContext.allowPrivilegeEscalation=false)");
      }
      if (sc == null || sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
          || !sc.getCapabilities().getDrop().contains("ALL")) {
        out.add("unrestricted capabilities (container \"" + c.getName() + "\" must set securityContext.capabilities.drop=[\"ALL\"])");
      }
      boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot()
          : podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
      if (!nonRoot) {
        out.add("runAsNonRoot != true (pod or container \"" + c.getName() + "\" must set securityContext.runAsNonRoot=true)");
      }
      boolean seccomp = (sc != null && sc.getSeccompProfile() != null) || (podContext != null && podContext.getSeccompProfile() != null);
      if (!seccomp) {
        out.add("seccompProfile (pod or container \"" + c.getName() + "\" must set securityContext.seccompProfile.type to"
            + " \"RuntimeDefault\" or \"Localhost\")");
      }
    }
    return out;
  }
}
