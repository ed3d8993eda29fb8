package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every flag the chart passes exists in OperatorMain / GatewayMain (else the pod exits at start). */
class MainFlagsTest {
  private static final Set<String> OPERATOR_OPTIONS = MainOptions.of(ProjectFiles.OPERATOR_SOURCES.resolve("OperatorMain.java"));
  private static final Set<String> GATEWAY_OPTIONS = MainOptions.of(ProjectFiles.GATEWAY_SOURCES.resolve("GatewayMain.java"));

  @Test
  void optionsAreReadFromTheSources() {
    assertThat(OPERATOR_OPTIONS).contains("--worker-image", "--leader-election", "--no-leader-election")
        .doesNotContain("--no-worker-image");
    assertThat(GATEWAY_OPTIONS).contains("--allow-cidr", "--token-file");
  }

  @Test
  void defaultValuesPassOnlyKnownFlags() {
    check(RenderedChart.withDefaults());
  }

  @Test
  void customValuesPassOnlyKnownFlags() {
    check(RenderedChart.with(Path.of("src/test/resources/values-custom.yaml").toAbsolutePath(), Map.of()));
    check(RenderedChart.withSets(Map.of("operator.leaderElection", false, "operator.replicas", 1)));
  }

  private static void check(RenderedChart chart) {
    Deployment operator = chart.one(Deployment.class, RenderedChart.name("operator"));
    assertThat(Pods.args(operator).get(0)).isEqualTo("operator");
    assertThat(Pods.args(operator).stream().map(MainOptions::nameOf).filter(Objects::nonNull))
        .isNotEmpty().allSatisfy(flag -> assertThat(OPERATOR_OPTIONS).contains(flag));
    Deployment gateway = chart.one(Deployment.class, RenderedChart.name("gateway"));
    assertThat(Pods.args(gateway).get(0)).isEqualTo("gateway");
    assertThat(Pods.args(gateway).stream().map(MainOptions::nameOf).filter(Objects::nonNull))
        .isNotEmpty().allSatisfy(flag -> assertThat(GATEWAY_OPTIONS).contains(flag));
  }
}
