package io.hbasetunnel.charts;

import io.hbasetunnel.charts.JavaStatements.Statement;
import io.hbasetunnel.charts.RbacTable.Component;
import io.hbasetunnel.charts.RbacTable.Grant;
import java.util.List;

/** The two directions in which RbacTable and the sources can disagree. */
final class GrantCoverage {
  private GrantCoverage() {}

  /** Statements that call the API but that no grant of the component explains: a verb the chart may lack. */
  static List<Statement> unexplained(Component component, List<Grant> grants, List<Statement> statements) {
    List<Grant> own = grants.stream().filter(g -> g.component() == component).toList();
    return statements.stream()
        .filter(s -> PermissionSites.needsPermission(s.text()))
        .filter(s -> own.stream().noneMatch(g -> g.file().equals(s.file()) && g.pattern().matcher(s.text()).find()))
        .toList();
  }

  /** Grants whose statement is gone from their file: a verb the chart may grant for nothing. */
  static List<Grant> stale(Component component, List<Grant> grants, List<Statement> statements) {
    return grants.stream().filter(g -> g.component() == component)
        .filter(g -> statements.stream().noneMatch(s -> g.file().equals(s.file()) && g.pattern().matcher(s.text()).find()))
        .toList();
  }
}
