package io.hbasetunnel.charts;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** Small lookups in a rendered Deployment's pod template. */
final class Pods {
  private Pods() {}

  static PodSpec spec(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec();
  }

  static Container container(Deployment deployment) {
    List<Container> containers = spec(deployment).getContainers();
    if (containers.size() != 1) {
      throw new AssertionError("one container expected in " + deployment.getMetadata().getName());
    }
    return containers.get(0);
  }

  static List<String> args(Deployment deployment) {
    return container(deployment).getArgs();
  }

  /** The value of --name=value among the args, or null. */
  static String flag(Deployment deployment, String name) {
    return args(deployment).stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
        .findFirst().orElse(null);
  }

  static String env(Deployment deployment, String name) {
    return container(deployment).getEnv().stream().filter(e -> name.equals(e.getName())).map(e -> e.getValue())
        .findFirst().orElse(null);
  }
}
