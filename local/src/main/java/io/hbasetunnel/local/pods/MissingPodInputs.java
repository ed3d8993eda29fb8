package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * What a kubelet waits for before it starts a container, with its words for it: a ConfigMap or
 * Secret volume that does not exist leaves the pod in ContainerCreating with {@code FailedMount}
 * Events; an env value from a ConfigMap or Secret key that does not exist, in
 * CreateContainerConfigError. Both start by themselves once the object appears.
 */
final class MissingPodInputs {
  /** The container's waiting reason, the pod Event's reason and its message. */
  record Missing(String waitingReason, String eventReason, String message) {}

  private MissingPodInputs() {}

  static Optional<Missing> check(KubernetesClient client, Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
      Optional<String> gone = Optional.empty();
      if (volume.getConfigMap() != null) {
        gone = configMap(client, namespace, volume.getConfigMap().getName(), volume.getConfigMap().getOptional());
      } else if (volume.getSecret() != null) {
        gone = secret(client, namespace, volume.getSecret().getSecretName(), volume.getSecret().getOptional());
      } else if (volume.getProjected() != null) {
        for (VolumeProjection source : volume.getProjected().getSources()) {
          if (gone.isEmpty() && source.getConfigMap() != null) {
            gone = configMap(client, namespace, source.getConfigMap().getName(), source.getConfigMap().getOptional());
          } else if (gone.isEmpty() && source.getSecret() != null) {
            gone = secret(client, namespace, source.getSecret().getName(), source.getSecret().getOptional());
          }
        }
      }
      if (gone.isPresent()) {
        return Optional.of(new Missing("ContainerCreating", "FailedMount",
            "MountVolume.SetUp failed for volume \"" + volume.getName() + "\" : " + gone.get()));
      }
    }
    for (EnvVar var : pod.getSpec().getContainers().get(0).getEnv() == null ? List.<EnvVar>of()
        : pod.getSpec().getContainers().get(0).getEnv()) {
      var from = var.getValueFrom();
      Optional<String> gone = Optional.empty();
      if (from != null && from.getConfigMapKeyRef() != null && !Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional())) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(from.getConfigMapKeyRef().getName()).get();
        gone = map == null ? Optional.of("configmap \"" + from.getConfigMapKeyRef().getName() + "\" not found")
            : map.getData() == null || !map.getData().containsKey(from.getConfigMapKeyRef().getKey())
            ? Optional.of("couldn't find key " + from.getConfigMapKeyRef().getKey() + " in ConfigMap " + namespace + "/"
                + from.getConfigMapKeyRef().getName()) : Optional.empty();
      } else if (from != null && from.getSecretKeyRef() != null && !Boolean.TRUE.equals(from.getSecretKeyRef().getOptional())) {
        Secret secret = client.secrets().inNamespace(namespace).withName(from.getSecretKeyRef().getName()).get();
        gone = secret == null ? Optional.of("secret \"" + from.getSecretKeyRef().getName() + "\" not found")
            : secret.getData() == null || !secret.getData().containsKey(from.getSecretKeyRef().getKey())
            ? Optional.of("couldn't find key " + from.getSecretKeyRef().getKey() + " in Secret " + namespace + "/"
                + from.getSecretKeyRef().getName()) : Optional.empty();
      }
      if (gone.isPresent()) {
        return Optional.of(new Missing("CreateContainerConfigError", "Failed", "Error: " + gone.get()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> configMap(KubernetesClient client, String namespace, String name, Boolean optional) {
    boolean missing = !Boolean.TRUE.equals(optional) && client.configMaps().inNamespace(namespace).withName(name).get() == null;
    return missing ? Optional.of("configmap \"" + name + "\" not found") : Optional.empty();
  }

  private static Optional<String> secret(KubernetesClient client, String namespace, String name, Boolean optional) {
    boolean missing = !Boolean.TRUE.equals(optional) && client.secrets().inNamespace(namespace).withName(name).get() == null;
    return missing ? Optional.of("secret \"" + name + "\" not found") : Optional.empty();
  }
}
