package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `helm lint --strict`, and the values schema refusing what the chart cannot honour. */
class ChartLintTest {
  @Test
  void lintIsClean() {
    LintResult result = new Helm(ProjectFiles.CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void schemaRefusesAKeyNothingReads() {
    // e.g. the worker pods' security context: the operator has no flag for it yet, so the value would silently do nothing
    assertThatThrownBy(() -> RenderedChart.withSets(Map.of("worker.securityContext.runAsUser", 1000)))
        .hasMessageContaining("securityContext");
    // a misspelt resources key would too
    assertThatThrownBy(() -> RenderedChart.withSets(Map.of("worker.resources.limit.memory", "4Gi")))
        .hasMessageContaining("limit");
  }

  @Test
  void schemaRefusesAWorkerQuantityNoApiServerTakes() {
    assertThatThrownBy(() -> RenderedChart.withSets(Map.of("worker.resources.limits.memory", "4 GB")))
        .hasMessageContaining("memory");
  }

  @Test
  void schemaRefusesAnAllowListEntryThatIsNoCidr() {
    assertThatThrownBy(() -> RenderedChart.withSets(Map.of("gateway.allowCidrs[0]", "everyone")))
        .hasMessageContaining("allowCidrs");
  }

  @Test
  void schemaRefusesTwoReplicasWithoutLeaderElection() {
    assertThatThrownBy(() -> RenderedChart.withSets(Map.of("operator.leaderElection", false)))
        .hasMessageContaining("replicas");
  }
}
