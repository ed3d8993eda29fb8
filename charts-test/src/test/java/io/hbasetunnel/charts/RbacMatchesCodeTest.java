package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.hbasetunnel.charts.RbacTable.Component;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart grants exactly what RbacTable (checked against the code by RbacTableTest) says is used. */
class RbacMatchesCodeTest {
  private static final String OPERATOR_SA = RenderedChart.name("operator");
  private static final String GATEWAY_SA = RenderedChart.name("gateway");
  private static final String WORKER_SA = RenderedChart.name("worker");

  @Test
  void operatorGetsExactlyTheVerbsItsCodeCalls() {
    assertThat(ChartRbac.accessOf(RenderedChart.withDefaults(), OPERATOR_SA))
        .containsExactlyElementsOf(RbacTable.accessOf(Component.OPERATOR, true));
  }

  @Test
  void gatewayGetsExactlyTheVerbsItsCodeCalls() {
    assertThat(ChartRbac.accessOf(RenderedChart.withDefaults(), GATEWAY_SA))
        .containsExactlyElementsOf(RbacTable.accessOf(Component.GATEWAY, false));
  }

  @Test
  void namespacedByDefault() {
    RenderedChart chart = RenderedChart.withDefaults();
    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(Role.class)).allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE));
  }

  @Test
  void clusterWideGrantsTheSameVerbsThroughClusterRolesAndKeepsTheLeaseNamespaced() {
    RenderedChart chart = RenderedChart.withSets(Map.of("clusterWide", true));
    assertThat(ChartRbac.accessOf(chart, OPERATOR_SA)).containsExactlyElementsOf(RbacTable.accessOf(Component.OPERATOR, true));
    assertThat(ChartRbac.accessOf(chart, GATEWAY_SA)).containsExactlyElementsOf(RbacTable.accessOf(Component.GATEWAY, false));
    assertThat(ChartRbac.rolesOf(chart, OPERATOR_SA))
        .anySatisfy(r -> assertThat(r.kind()).isEqualTo("ClusterRole"))
        .allSatisfy(r -> {
          boolean lease = r.rules().stream().anyMatch(rule -> rule.getResources().contains("leases"));
          assertThat(r.kind()).isEqualTo(lease ? "Role" : "ClusterRole");
        });
    // two releases in two namespaces must not share one ClusterRole
    assertThat(chart.all(ClusterRole.class)).allSatisfy(r -> assertThat(r.getMetadata().getName()).contains(RenderedChart.NAMESPACE));
  }

  @Test
  void noLeaseRightsWithoutLeaderElection() {
    RenderedChart chart = RenderedChart.withSets(Map.of("operator.leaderElection", false, "operator.replicas", 1));
    assertThat(ChartRbac.accessOf(chart, OPERATOR_SA)).containsExactlyElementsOf(RbacTable.accessOf(Component.OPERATOR, false));
  }

  @Test
  void workersHaveNoRightsAndNoToken() {
    RenderedChart chart = RenderedChart.withDefaults();
    assertThat(ChartRbac.rolesOf(chart, WORKER_SA)).isEmpty();
    assertThat(chart.one(ServiceAccount.class, WORKER_SA).getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void noWildcards() {
    RenderedChart chart = RenderedChart.withSets(Map.of("clusterWide", true));
    assertThat(chart.yaml).doesNotContain("\"*\"").doesNotContainPattern("verbs: \\[[^\\]]*\\*");
  }
}
