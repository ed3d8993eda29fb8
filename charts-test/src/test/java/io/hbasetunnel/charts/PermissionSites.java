package io.hbasetunnel.charts;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Statements that need an API permission: direct fabric8 calls, and the places where JOSDK or
 * the API server act for the code (informers, status patches, finalizers, Leases, owner references).
 */
final class PermissionSites {
  private static final List<Pattern> SITES = List.of(
      // a fabric8 call ending in a verb (client.resource(x).create(), client.pods()...list(), ...)
      Pattern.compile("\\b(client|getClient\\(\\))\\s*\\.[^;]*\\.(create|createOr|update|patch|edit|editStatus|patchStatus"
          + "|updateStatus|replace|delete|get|list|watch|inform|informOnCondition|serverSideApply|lockResourceVersion)\\("),
      Pattern.compile("InformerEventSourceConfiguration\\.from\\("),
      Pattern.compile("\\.register\\(new \\w+Reconciler\\("),
      Pattern.compile("UpdateControl\\.(patchStatus|updateStatus|patchResource|updateResource|patchResourceAndStatus)"),
      Pattern.compile("PrimaryUpdateAndCacheUtils\\."),
      Pattern.compile("\\bCleaner<"),
      Pattern.compile("withLeaderElectionConfiguration"),
      Pattern.compile("withBlockOwnerDeletion\\(true\\)"));

  private PermissionSites() {}

  static boolean needsPermission(String statement) {
    return SITES.stream().anyMatch(p -> p.matcher(statement).find());
  }
}
