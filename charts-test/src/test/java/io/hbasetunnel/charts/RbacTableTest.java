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

  // the two checks on a made-up table and source, so they do not depend on today's code
  private static final List<RbacTable.Grant> TWO_GRANTS = List.of(
      new RbacTable.Grant(Component.OPERATOR, "", List.of("pods"), List.of("list"), "A.java", "client\\.pods\\(\\)[^;]*\\.list\\(\\)", ""),
      new RbacTable.Grant(Component.OPERATOR, "", List.of("events"), List.of("create"), "A.java", "events\\(\\)[^;]*\\.create\\(", ""));

  @Test
  void aNewCallIsReportedAsUnexplained() {
    List<Statement> source = JavaStatements.of("A.java", "class A { void f() { client.pods().inNamespace(ns).list();\n"
        + "client.v1().events().resource(e).create(); client.secrets().inNamespace(ns)\n   .withName(n).delete(); } }");
    assertThat(GrantCoverage.unexplained(Component.OPERATOR, TWO_GRANTS, source))
        .extracting(Statement::text).containsExactly("client.secrets().inNamespace(ns) .withName(n).delete()");
    // the same call in another file than the grant's is not explained by it
    assertThat(GrantCoverage.unexplained(Component.OPERATOR, TWO_GRANTS, JavaStatements.of("B.java", "client.pods().list();")))
        .hasSize(1);
  }

  @Test
  void aRemovedCallLeavesItsGrantStale() {
    List<Statement> source = JavaStatements.of("A.java", "class A { void f() { client.pods().inNamespace(ns).list(); } }");
    assertThat(GrantCoverage.stale(Component.OPERATOR, TWO_GRANTS, source))
        .extracting(RbacTable.Grant::resources).containsExactly(List.of("events"));
  }

  @Test
  void commentsAreNoCallsButUrlsInStringsStayCode() {
    List<Statement> statements = JavaStatements.of("A.java",
        "// client.pods().list();\n/* client.secrets().get(); */ String u = \"http://x\"; client.pods().list();");
    assertThat(statements).extracting(Statement::text).containsExactly("String u = \"http://x\"", "client.pods().list()");
  }
}
