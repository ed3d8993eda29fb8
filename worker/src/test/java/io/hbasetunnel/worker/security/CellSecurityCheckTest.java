package io.hbasetunnel.worker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.worker.security.CellSecurityCheck.ClusterSecurity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The check's decision table: which combinations of labels and enforcement are refused, and what the message says. */
class CellSecurityCheckTest {
  private static final Map<Integer, String> SECRET_PUBLIC = Map.of(2, "secret", 3, "public");

  @Test
  void nothingToProtectPasses() {
    assertThat(problems(side("source", false, false, Map.of()), side("destination", false, false, Map.of()), false))
        .isEmpty();
    // a source with the VisibilityController but no label of its own: no cell can carry one
    assertThat(problems(side("source", true, false, Map.of()), side("destination", false, false, Map.of()), false))
        .isEmpty();
  }

  @Test
  void labelsNeedAnEnforcingDestination() {
    List<String> problems = problems(side("source", true, false, SECRET_PUBLIC),
        side("destination", false, false, Map.of()), false);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("does not enforce visibility labels")
        .contains("[secret, public]").contains("VisibilityController"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("missing on the destination")
        .contains("'secret' (ordinal 2), 'public' (ordinal 3)").contains("in this order"));
  }

  @Test
  void sameOrdinalsPassAndExtraDestinationLabelsDoNotMatter() {
    assertThat(problems(side("source", true, false, SECRET_PUBLIC), side("destination", true, false,
        Map.of(2, "secret", 3, "public", 4, "local")), false)).isEmpty();
    // the source need not enforce them itself: the tags are in its cells all the same
    assertThat(problems(side("source", false, false, SECRET_PUBLIC), side("destination", true, false,
        SECRET_PUBLIC), false)).isEmpty();
  }

  @Test
  void missingLabelsAreListedInOrderToAdd() {
    assertThat(problems(side("source", true, false, Map.of(2, "secret", 3, "public", 4, "topsecret")),
        side("destination", true, false, Map.of(2, "secret")), false))
        .singleElement().satisfies(p -> assertThat(p)
            .contains("'public' (ordinal 3), 'topsecret' (ordinal 4)").contains("in this order"));
  }

  @Test
  void otherOrdinalsAreRefusedNamingEachLabel() {
    assertThat(problems(side("source", true, false, Map.of(2, "secret", 3, "public", 4, "topsecret")),
        side("destination", true, false, Map.of(2, "public", 3, "secret", 4, "other", 5, "topsecret")), false))
        .singleElement().satisfies(p -> assertThat(p).contains("ordinals differ")
            .contains("'secret' is ordinal 2 on the source but 3 on the destination")
            .contains("'public' is ordinal 3 on the source but 2 on the destination")
            .contains("'topsecret' is ordinal 4 on the source but 5 on the destination"));
    assertThat(problems(side("source", true, false, Map.of(2, "secret", 3, "public")),
        side("destination", true, false, Map.of(2, "secret", 3, "other")), false))
        .singleElement().satisfies(p -> assertThat(p).contains("ordinal 3 is 'other' on the destination but 'public'"));
  }

  @Test
  void unreadableLabelsAskForASuperuser() {
    ClusterSecurity hidden = new ClusterSecurity("source", true, false, new TreeMap<>(), "labels [secret] exist but"
        + " are hidden from this user");
    assertThat(problems(hidden, side("destination", true, false, SECRET_PUBLIC), false))
        .singleElement().satisfies(p -> assertThat(p).contains("cannot read the source's visibility labels")
            .contains("superuser").contains("[secret]"));
    ClusterSecurity hiddenDestination = new ClusterSecurity("destination", true, false, new TreeMap<>(), "refused");
    assertThat(problems(side("source", true, false, SECRET_PUBLIC), hiddenDestination, false))
        .singleElement().satisfies(p -> assertThat(p).contains("cannot read the destination's").contains("superuser"));
  }

  @Test
  void unenforcedCellAclsAreRefusedUnlessWaived() {
    ClusterSecurity acls = side("source", false, true, Map.of());
    assertThat(problems(acls, side("destination", false, false, Map.of()), false))
        .singleElement().satisfies(p -> assertThat(p).contains("cell ACLs").contains("--allow-unenforced-cell-acls"));
    assertThat(problems(acls, side("destination", false, false, Map.of()), true)).isEmpty();
    assertThat(problems(acls, side("destination", false, true, Map.of()), false)).isEmpty();
    // the waiver covers ACLs only, never labels
    assertThat(problems(side("source", true, true, SECRET_PUBLIC), side("destination", false, false, Map.of()), true))
        .isNotEmpty().noneSatisfy(p -> assertThat(p).contains("cell ACLs"));
  }

  private static List<String> problems(ClusterSecurity source, ClusterSecurity destination, boolean waive) {
    return CellSecurityCheck.problems(source, destination, waive);
  }

  private static ClusterSecurity side(String role, boolean visibility, boolean acls, Map<Integer, String> labels) {
    return new ClusterSecurity(role, visibility, acls, new TreeMap<>(labels), null);
  }
}
