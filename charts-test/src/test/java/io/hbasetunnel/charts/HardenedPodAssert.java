package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** What every pod the chart runs must have: non-root, read-only root with /tmp writable, resources. */
final class HardenedPodAssert {
  private HardenedPodAssert() {}

  static void check(Deployment deployment) {
    PodSpec pod = Pods.spec(deployment);
    Container c = Pods.container(deployment);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    String tmpVolume = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
        .orElseThrow(() -> new AssertionError("no /tmp mount in " + deployment.getMetadata().getName())).getName();
    assertThat(pod.getVolumes()).anySatisfy(v -> {
      assertThat(v.getName()).isEqualTo(tmpVolume);
      assertThat(v.getEmptyDir()).isNotNull();
    });
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKey("memory");
  }
}
