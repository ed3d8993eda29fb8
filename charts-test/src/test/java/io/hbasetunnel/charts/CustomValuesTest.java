package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `helm template -f values-custom.yaml`: every value reaches the flag, env or field it is meant for. */
class CustomValuesTest {
  private static final RenderedChart CHART =
      RenderedChart.with(Path.of("src/test/resources/values-custom.yaml").toAbsolutePath(), Map.of());
  private static final Deployment OPERATOR = CHART.one(Deployment.class, RenderedChart.name("operator"));
  private static final Deployment GATEWAY = CHART.one(Deployment.class, RenderedChart.name("gateway"));

  @Test
  void operatorSettings() {
    assertThat(OPERATOR.getSpec().getReplicas()).isEqualTo(3);
    assertThat(Pods.container(OPERATOR).getImage()).isEqualTo("registry.example.com/mirror/hbase-tunnel:0.1.1");
    assertThat(Pods.container(OPERATOR).getImagePullPolicy()).isEqualTo("Always");
    assertThat(Pods.spec(OPERATOR).getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("registry-cred");
    assertThat(Pods.flag(OPERATOR, "--http-port")).isEqualTo("9090");
    assertThat(Pods.container(OPERATOR).getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(Pods.flag(OPERATOR, "--time-zone")).isEqualTo("Asia/Shanghai");
    assertThat(Pods.env(OPERATOR, "JAVA_OPTS")).isEqualTo("-Xmx768m");
    assertThat(Pods.container(OPERATOR).getResources().getLimits()).containsEntry("cpu", new Quantity("2"));
    assertThat(Pods.spec(OPERATOR).getNodeSelector()).containsEntry("node-role.example.com/infra", "true");
    assertThat(Pods.spec(OPERATOR).getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("infra"));
    HardenedPodAssert.check(OPERATOR);
  }

  @Test
  void workerSettingsReachTheOperator() {
    assertThat(Pods.flag(OPERATOR, "--worker-image")).isEqualTo("registry.example.com/mirror/hbase-tunnel-worker:0.1.1");
    assertThat(Pods.flag(OPERATOR, "--staging-dir")).isEqualTo("/tmp/tunnel-staging");
    // an existing account: named, not created
    assertThat(Pods.flag(OPERATOR, "--worker-service-account")).isEqualTo("hbase-workers");
    assertThat(CHART.all(ServiceAccount.class)).extracting(sa -> sa.getMetadata().getName())
        .doesNotContain("hbase-workers", RenderedChart.name("worker"));
  }

  @Test
  void workerPodSettingsReachTheOperatorAsJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(Pods.flag(OPERATOR, "--worker-resources"))).isEqualTo(json.readTree(
        "{\"requests\":{\"cpu\":\"500m\",\"memory\":\"4Gi\"},\"limits\":{\"cpu\":4,\"memory\":\"4Gi\"}}"));
    assertThat(Pods.flag(OPERATOR, "--worker-java-opts")).isEqualTo("-Xmx3g -XX:+ExitOnOutOfMemoryError");
    assertThat(json.readTree(Pods.flag(OPERATOR, "--worker-node-selector")))
        .isEqualTo(json.readTree("{\"node-role.example.com/hbase-workers\":\"true\"}"));
    assertThat(json.readTree(Pods.flag(OPERATOR, "--worker-tolerations"))).isEqualTo(json.readTree(
        "[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"hbase\",\"effect\":\"NoSchedule\"}]"));
    assertThat(Pods.flag(OPERATOR, "--job-deadline-seconds")).isEqualTo("86400");
  }

  @Test
  void gatewayAccessControlAndTokenFromTheSecret() {
    assertThat(GATEWAY.getSpec().getReplicas()).isEqualTo(3);
    assertThat(Pods.flag(GATEWAY, "--allow-cidr")).isEqualTo("10.0.0.0/8,192.168.10.0/24");
    assertThat(Pods.flag(GATEWAY, "--trusted-proxy")).isEqualTo("10.96.0.0/12");
    assertThat(Pods.flag(GATEWAY, "--max-body-bytes")).isEqualTo("131072");
    String tokenFile = Pods.flag(GATEWAY, "--token-file");
    var mount = Pods.container(GATEWAY).getVolumeMounts().stream().filter(m -> tokenFile.startsWith(m.getMountPath() + "/"))
        .findFirst().orElseThrow();
    assertThat(mount.getReadOnly()).isTrue();
    var volume = Pods.spec(GATEWAY).getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
    assertThat(volume.getSecret().getSecretName()).isEqualTo("lts-token");
    assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
      assertThat(item.getKey()).isEqualTo("bearer");
      assertThat(mount.getMountPath() + "/" + item.getPath()).isEqualTo(tokenFile);
    });
    // the token itself never appears in a rendered manifest
    assertThat(CHART.all(io.fabric8.kubernetes.api.model.Secret.class)).isEmpty();
    Service service = CHART.one(Service.class, RenderedChart.name("gateway"));
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getMetadata().getAnnotations()).containsKey("service.beta.kubernetes.io/aws-load-balancer-internal");
    HardenedPodAssert.check(GATEWAY);
  }

  @Test
  void disruptionBudgetOnlyWhereEnabled() {
    assertThat(CHART.all(PodDisruptionBudget.class)).singleElement().satisfies(pdb -> {
      assertThat(pdb.getMetadata().getName()).isEqualTo(RenderedChart.name("operator"));
      assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(2));
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void serviceMonitorScrapesTheMetricsService() {
    List<GenericKubernetesResource> monitors = CHART.generic(r -> "ServiceMonitor".equals(r.getKind()));
    assertThat(monitors).singleElement().satisfies(m -> {
      assertThat(m.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
      assertThat(m.getMetadata().getLabels()).containsEntry("release", "prometheus");
      Map<String, Object> spec = (Map<String, Object>) m.getAdditionalProperties().get("spec");
      Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
      Service metrics = CHART.one(Service.class, RenderedChart.name("operator-metrics"));
      assertThat(endpoint).containsEntry("port", metrics.getSpec().getPorts().get(0).getName())
          .containsEntry("path", "/metrics").containsEntry("interval", "15s");
      Map<String, Object> selector = (Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
      assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf((Map<String, String>) (Map<?, ?>) selector);
    });
  }

  @Test
  void gatewayCanBeLeftOut() {
    RenderedChart chart = RenderedChart.withSets(Map.of("gateway.enabled", false));
    assertThat(chart.objects).noneMatch(o -> o.getMetadata().getName().contains("gateway"));
  }
}
