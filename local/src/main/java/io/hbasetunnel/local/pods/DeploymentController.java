package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Deployment controller's part, with the Recreate strategy whatever the spec says (the one our
 * wal-sync uses: never two generations at once): pods of an older template are stopped first, then
 * {@code replicas} pods of the current one run; the kubelet restarts their processes when they exit. A pod
 * admission refuses ({@link Admission}) shows as the ReplicaFailure condition, as its ReplicaSet's would.
 */
final class DeploymentController {
  static final String TEMPLATE_HASH = "pod-template-hash";

  private final KubernetesClient client;
  private final Consumer<Pod> deletePod;
  private final ControllerEvents events;

  DeploymentController(KubernetesClient client, Consumer<Pod> deletePod) {
    this.client = client;
    this.deletePod = deletePod;
    this.events = new ControllerEvents(client);
  }

  void sync(Deployment deployment, List<Pod> allPods) {
    if (deployment.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String hash = templateHash(deployment);
    List<Pod> pods = allPods.stream().filter(p -> Owners.controlledBy(p, deployment.getMetadata().getUid()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    List<Pod> outdated = pods.stream().filter(p -> !hash.equals(label(p))).toList();
    outdated.forEach(deletePod);
    List<Pod> current = pods.stream().filter(p -> hash.equals(label(p))).toList();
    int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    for (int i = replicas; i < current.size(); i++) {
      deletePod.accept(current.get(i));
    }
    String refused = null;
    for (int i = current.size(); i < replicas && refused == null; i++) {
      refused = createPod(deployment, hash, allPods);
    }
    int ready = (int) current.stream().limit(replicas).filter(DeploymentController::ready).count();
    DeploymentStatus next = new DeploymentStatusBuilder().withReplicas(replicas).withUpdatedReplicas(replicas)
        .withReadyReplicas(ready).withAvailableReplicas(ready).withUnavailableReplicas(replicas - ready)
        .withObservedGeneration(deployment.getMetadata().getGeneration()).build();
    if (refused != null) {
      // what the deployment controller copies from its ReplicaSet's condition
      next.setConditions(List.of(new DeploymentConditionBuilder().withType("ReplicaFailure").withStatus("True")
          .withReason("FailedCreate").withMessage(refused).build()));
    }
    if (!Objects.equals(next, deployment.getStatus())) {
      client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).withName(deployment.getMetadata().getName())
          .editStatus(d -> {
            d.setStatus(next);
            return d;
          });
    }
  }

  /** Creates a pod of the current template; the API server's refusal when admission says no. */
  private String createPod(Deployment deployment, String hash, List<Pod> allPods) {
    var template = deployment.getSpec().getTemplate();
    Map<String, String> labels = new HashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
        ? Map.of() : template.getMetadata().getLabels());
    labels.put(TEMPLATE_HASH, hash);
    Pod pod = new PodBuilder().withNewMetadata()
        .withName(deployment.getMetadata().getName() + "-" + hash + "-" + JobController.suffix())
        .withNamespace(deployment.getMetadata().getNamespace()).withLabels(labels)
        .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
            .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid()).withController(true).build())
        .endMetadata().withSpec(Serialization.clone(template.getSpec())).build();
    var refused = Admission.refusal(client, pod, allPods);
    if (refused.isPresent()) {
      events.warning(deployment, "Deployment", "apps/v1", "replicaset-controller", "FailedCreate", "Error creating: " + refused.get());
      return "Error creating: " + refused.get();
    }
    client.resource(pod).create();
    return null;
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
  }

  private static String label(Pod pod) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(TEMPLATE_HASH);
  }

  static String templateHash(Deployment deployment) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Serialization.asJson(deployment.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
