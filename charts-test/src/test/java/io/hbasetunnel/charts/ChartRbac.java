package io.hbasetunnel.charts;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.hbasetunnel.charts.RbacTable.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the rendered Roles and ClusterRoles grant to one ServiceAccount, as (group, resource, verb) triples. */
final class ChartRbac {
  private ChartRbac() {}

  record BoundRole(String kind, String name, String bindingNamespace, List<PolicyRule> rules) {}

  static List<BoundRole> rolesOf(RenderedChart chart, String serviceAccount) {
    List<BoundRole> result = new ArrayList<>();
    for (RoleBinding binding : chart.all(RoleBinding.class)) {
      if (bindsTo(binding.getSubjects(), serviceAccount)) {
        result.add(resolve(chart, binding.getRoleRef(), binding.getMetadata().getNamespace()));
      }
    }
    for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
      if (bindsTo(binding.getSubjects(), serviceAccount)) {
        result.add(resolve(chart, binding.getRoleRef(), null));
      }
    }
    return result;
  }

  static Set<Access> accessOf(RenderedChart chart, String serviceAccount) {
    Set<Access> result = new TreeSet<>();
    for (BoundRole role : rolesOf(chart, serviceAccount)) {
      for (PolicyRule rule : role.rules()) {
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            rule.getVerbs().forEach(verb -> result.add(new Access(group, resource, verb)));
          }
        }
      }
    }
    return result;
  }

  private static boolean bindsTo(List<Subject> subjects, String serviceAccount) {
    return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind()) && serviceAccount.equals(s.getName())
        && RenderedChart.NAMESPACE.equals(s.getNamespace()));
  }

  private static BoundRole resolve(RenderedChart chart, RoleRef ref, String namespace) {
    HasMetadata role = "ClusterRole".equals(ref.getKind()) ? chart.one(ClusterRole.class, ref.getName())
        : chart.one(Role.class, ref.getName());
    List<PolicyRule> rules = role instanceof Role r ? r.getRules() : ((ClusterRole) role).getRules();
    return new BoundRole(ref.getKind(), ref.getName(), namespace, rules);
  }
}
