package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.charts.JavaStatements.Statement;
import io.hbasetunnel.charts.RbacTable.Component;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RbacTable against the operator's and gateway's sources, both ways. */
class RbacTableTest {
  private static final List<Statement> OPERATOR = JavaStatements.under(ProjectFiles.OPERATOR_SOURCES);
  private static final List<Statement> GATEWAY = JavaStatements.under(ProjectFiles.GATEWAY_SOURCES);

  @Test
  void everyApiCallOfTheOperatorHasAGrant() {
    assertThat(GrantCoverage.unexplained(Component.OPERATOR, RbacTable.GRANTS, OPERATOR))
        .as("API calls without a RbacTable entry (add the entry and the verb in templates/rbac-operator.yaml)")
        .isEmpty();
  }

  @Test
  void everyApiCallOfTheGatewayHasAGrant() {
    assertThat(GrantCoverage.unexplained(Component.GATEWAY, RbacTable.GRANTS, GATEWAY))
        .as("API calls without a RbacTable entry (add the entry and the verb in templates/rbac-gateway.yaml)")
        .isEmpty();
  }

  @Test
  void everyOperatorGrantHasItsCall() {
    assertThat(GrantCoverage.stale(Component.OPERATOR, RbacTable.GRANTS, OPERATOR))
        .as("RbacTable entries whose statement is gone (remove the entry and, if no other needs it, the verb)")
        .isEmpty();
  }

  @Test
  void everyGatewayGrantHasItsCall() {
    assertThat(GrantCoverage.stale(Component.GATEWAY, RbacTable.GRANTS, GATEWAY)).isEmpty();
  }

  @Test
  void aNewCallIsReportedAsUnexplained() {
    List<Statement> withNewCall = new java.util.ArrayList<>(OPERATOR);
    withNewCall.addAll(JavaStatements.of("cluster/HBaseClusterReconciler.java",
        "class X { void f() { client.secrets().inNamespace(ns)\n   .withName(n).delete(); } }"));
    assertThat(GrantCoverage.unexplained(Component.OPERATOR, RbacTable.GRANTS, withNewCall))
        .singleElement().extracting(Statement::text).asString().endsWith("client.secrets().inNamespace(ns) .withName(n).delete()");
  }

  @Test
  void aRemovedCallLeavesItsGrantStale() {
    List<Statement> withoutEvents = OPERATOR.stream().filter(s -> !s.file().equals("common/EventRecorder.java")).toList();
    assertThat(GrantCoverage.stale(Component.OPERATOR, RbacTable.GRANTS, withoutEvents))
        .extracting(RbacTable.Grant::resources).containsExactly(List.of("events"));
  }

  @Test
  void commentsAreNoCallsButUrlsInStringsStayCode() {
    List<Statement> statements = JavaStatements.of("A.java",
        "// client.pods().list();\n/* client.secrets().get(); */ String u = \"http://x\"; client.pods().list();");
    assertThat(statements).extracting(Statement::text).containsExactly("String u = \"http://x\"", "client.pods().list()");
  }
}
