package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/** `helm template` with the chart's own values. */
class DefaultValuesTest {
  private static final RenderedChart CHART = RenderedChart.withDefaults();
  private static final Deployment OPERATOR = CHART.one(Deployment.class, RenderedChart.name("operator"));
  private static final Deployment GATEWAY = CHART.one(Deployment.class, RenderedChart.name("gateway"));

  @Test
  void operatorRunsTwoReplicasWithLeaderElection() {
    assertThat(OPERATOR.getSpec().getReplicas()).isEqualTo(2);
    assertThat(Pods.args(OPERATOR)).startsWith("operator").contains("--leader-election");
    assertThat(Pods.container(OPERATOR).getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    });
  }

  @Test
  void operatorProbesAndMetricsPort() {
    var c = Pods.container(OPERATOR);
    assertThat(c.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http-metrics");
      assertThat(p.getContainerPort()).isEqualTo(8080);
    });
    assertThat(Pods.flag(OPERATOR, "--http-port")).isEqualTo("8080");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getLivenessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http-metrics"));
    Service metrics = CHART.one(Service.class, RenderedChart.name("operator-metrics"));
    assertThat(metrics.getSpec().getSelector()).isEqualTo(OPERATOR.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void workerSettingsReachTheOperator() {
    assertThat(Pods.flag(OPERATOR, "--worker-image")).isEqualTo(Pods.container(OPERATOR).getImage())
        .isEqualTo("ghcr.io/hbase-tunnel/hbase-tunnel:0.1.0");
    assertThat(Pods.flag(OPERATOR, "--worker-command")).isEqualTo("/opt/hbase-tunnel/bin/hbase-tunnel worker");
    assertThat(Pods.flag(OPERATOR, "--staging-dir")).isEqualTo("/hbase-tunnel-staging");
    assertThat(Pods.flag(OPERATOR, "--worker-service-account")).isEqualTo(RenderedChart.name("worker"));
    assertThat(Pods.flag(OPERATOR, "--namespace")).isEqualTo("$(POD_NAMESPACE)");
  }

  @Test
  void workerPodSettingsReachTheOperatorWithTheOperatorsOwnDefaults() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(Pods.flag(OPERATOR, "--worker-resources")))
        .isEqualTo(json.readTree(OperatorDefaults.podSetting("DEFAULT_RESOURCES")))
        .isEqualTo(json.readTree("{\"requests\":{\"cpu\":\"1\",\"memory\":\"2Gi\"},\"limits\":{\"memory\":\"2Gi\"}}"));
    assertThat(Pods.flag(OPERATOR, "--worker-java-opts")).isEqualTo(OperatorDefaults.podSetting("DEFAULT_JAVA_OPTS")).isEmpty();
    assertThat(json.readTree(Pods.flag(OPERATOR, "--worker-node-selector")))
        .isEqualTo(json.readTree(OperatorDefaults.podSetting("DEFAULT_NODE_SELECTOR")));
    assertThat(json.readTree(Pods.flag(OPERATOR, "--worker-tolerations")))
        .isEqualTo(json.readTree(OperatorDefaults.podSetting("DEFAULT_TOLERATIONS")));
    assertThat(Pods.flag(OPERATOR, "--job-deadline-seconds")).isEqualTo(String.valueOf(OperatorDefaults.jobDeadlineSeconds()))
        .isEqualTo("172800");
  }

  @Test
  void gatewayServesLtsOn12311LoopbackOnlyWithoutToken() {
    assertThat(Pods.args(GATEWAY)).startsWith("gateway");
    assertThat(Pods.flag(GATEWAY, "--port")).isEqualTo("12311");
    assertThat(Pods.flag(GATEWAY, "--allow-cidr")).isEqualTo("127.0.0.1/32,::1/128");
    assertThat(Pods.flag(GATEWAY, "--trusted-proxy")).isNull();
    assertThat(Pods.flag(GATEWAY, "--token-file")).isNull();
    assertThat(Pods.container(GATEWAY).getReadinessProbe().getTcpSocket().getPort()).isEqualTo(new IntOrString("lts"));
    Service service = CHART.one(Service.class, RenderedChart.name("gateway"));
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(12311);
      assertThat(p.getTargetPort()).isEqualTo(new IntOrString("lts"));
    });
    assertThat(service.getSpec().getSelector()).isEqualTo(GATEWAY.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void podsAreHardened() {
    HardenedPodAssert.check(OPERATOR);
    HardenedPodAssert.check(GATEWAY);
  }

  @Test
  void disruptionBudgetsSelectTheirPods() {
    assertThat(CHART.all(PodDisruptionBudget.class)).hasSize(2).allSatisfy(pdb -> {
      Deployment target = pdb.getMetadata().getName().endsWith("operator") ? OPERATOR : GATEWAY;
      assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(target.getSpec().getSelector().getMatchLabels());
      assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    });
  }

  @Test
  void noServiceMonitorUnlessAsked() {
    assertThat(CHART.generic((GenericKubernetesResource r) -> true)).isEmpty();
    assertThat(CHART.ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void everyObjectIsInTheReleaseNamespaceAndLabelled() {
    assertThat(CHART.objects).isNotEmpty().allSatisfy(o -> {
      assertThat(o.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
      assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE);
    });
  }
}
