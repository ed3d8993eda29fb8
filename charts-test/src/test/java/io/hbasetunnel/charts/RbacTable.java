package io.hbasetunnel.charts;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every permission the operator and the gateway need, each with the statement that needs it.
 * RbacTableTest checks both ways against the sources: each entry's statement exists, and each
 * statement that calls the API is explained by an entry. RbacMatchesCodeTest then checks that
 * the chart grants exactly these verbs.
 */
final class RbacTable {
  enum Component { OPERATOR, GATEWAY }

  /**
   * @param file relative to the component's source root
   * @param evidence a pattern one statement of that file matches
   */
  record Grant(Component component, String group, List<String> resources, List<String> verbs, String file, String evidence,
      String why) {
    Pattern pattern() {
      return Pattern.compile(evidence);
    }
  }

  /** One (apiGroup, resource, verb) triple, as RBAC rules grant them. */
  record Access(String group, String resource, String verb) implements Comparable<Access> {
    @Override
    public int compareTo(Access o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
    }
  }

  private static final String HBT = "hbasetunnel.io";
  private static final String FDM = "fulldata/FullDataMigrationReconciler.java";
  private static final String INC = "incremental/IncrementalSyncReconciler.java";
  private static final String CLU = "cluster/HBaseClusterReconciler.java";
  private static final String CONFIG = "cluster/ClientConfigWriter.java";
  private static final String FOLLOW = "fulldata/FollowOn.java";
  private static final String MAIN = "HBaseTunnelOperator.java";
  private static final String CLEAN = "common/SourceCleanup.java";
  private static final String FDM_CLEAN = "fulldata/MigrationCleanup.java";
  private static final String INC_CLEAN = "incremental/SyncCleanup.java";
  private static final String DEPLOY = "incremental/WalSyncDeployment.java";
  private static final String LEASE_WHY = "leader election";

  static final List<Grant> GRANTS = List.of(
      // ---- operator: JOSDK on its behalf
      op(HBT, "hbaseclusters", "list,watch", MAIN, "\\.register\\(new HBaseClusterReconciler\\(", "JOSDK informer on the primary"),
      op(HBT, "fulldatamigrations", "list,watch", MAIN, "\\.register\\(new FullDataMigrationReconciler\\(", "JOSDK informer"),
      op(HBT, "incrementalsyncs", "list,watch", MAIN, "\\.register\\(new IncrementalSyncReconciler\\(", "JOSDK informer"),
      op(HBT, "hbaseclusters/status", "update", CLU, "StatusWriter\\.write\\(cluster, context\\)",
          "status written whole (PUT) through JOSDK's cache, only on change"),
      op(HBT, "fulldatamigrations/status,incrementalsyncs/status", "update", "common/StatusWriter.java",
          "updateStatusAndCacheResource\\(", "status written whole (PUT) through JOSDK's cache"),
      op(HBT, "fulldatamigrations", "get,patch", FDM, "Cleaner<FullDataMigration>",
          "JOSDK adds/removes the finalizer (JSON patch, re-read on conflict)"),
      op(HBT, "incrementalsyncs", "get,patch", INC, "Cleaner<IncrementalSync>", "JOSDK finalizer"),
      op(HBT, "fulldatamigrations/finalizers,incrementalsyncs/finalizers", "update", "common/WorkerJobs.java",
          "withBlockOwnerDeletion\\(true\\)", "owner reference with blockOwnerDeletion (OwnerReferencesPermissionEnforcement)"),
      op("coordination.k8s.io", "leases", "get,create,update", MAIN, "withLeaderElectionConfiguration", LEASE_WHY),
      op("batch", "jobs", "list,watch", FDM, "InformerEventSourceConfiguration\\.from\\(Job\\.class, FullDataMigration\\.class\\)",
          "Job informer"),
      op("batch", "jobs", "list,watch", INC, "InformerEventSourceConfiguration\\.from\\(Job\\.class, IncrementalSync\\.class\\)",
          "Job informer"),
      op("apps", "deployments", "list,watch", DEPLOY, "super\\.informerConfigurationBuilder\\(context\\)",
          "the dependent resource's Deployment informer"),
      op("apps", "deployments", "create", DEPLOY, "implements Creator<Deployment, IncrementalSync>",
          "JOSDK creates the wal-sync Deployment (no server-side apply: a POST)"),
      op(HBT, "hbaseclusters", "list,watch", "common/TaskClusters.java",
          "InformerEventSourceConfiguration\\.from\\(HBaseCluster\\.class, primary\\)", "the tasks' cluster informer"),
      // ---- operator: its own calls
      op(HBT, "fulldatamigrations", "list", "OperatorMetrics.java",
          "client\\.resources\\(FullDataMigration\\.class\\)\\.inNamespace\\(namespace\\)\\.list\\(\\)", "metrics"),
      op(HBT, "incrementalsyncs", "list", "OperatorMetrics.java",
          "client\\.resources\\(IncrementalSync\\.class\\)\\.inNamespace\\(namespace\\)\\.list\\(\\)", "metrics"),
      op("batch", "jobs", "create", "common/JobStep.java", "client\\.resource\\(r\\.newJob\\(\\)\\.get\\(\\)\\)\\.create\\(\\)",
          "worker Job of a step"),
      op("batch", "jobs", "delete", "common/JobStep.java", "client\\.resource\\(job\\)\\.withPropagationPolicy\\([^;]*\\.delete\\(\\)",
          "Job of an earlier attempt"),
      op("", "pods", "list", "common/JobStep.java", "client\\.pods\\(\\)[^;]*\\.list\\(\\)",
          "termination messages of a Job that ended before the pod informer brought its pods"),
      op("batch", "jobs", "deletecollection", FDM_CLEAN, "client\\.batch\\(\\)\\.v1\\(\\)\\.jobs\\(\\)[^;]*\\.withLabel\\([^;]*\\.delete\\(\\)",
          "delete by label selector"),
      op("batch", "jobs", "get", FDM_CLEAN, "jobs\\(\\)[^;]*\\.withName\\(name\\)\\.get\\(\\)", "cleanup Job exists?"),
      op("batch", "jobs", "create", FDM_CLEAN, "client\\.resource\\(cleanup\\)\\.create\\(\\)", "cleanup Job"),
      op("batch", "jobs", "deletecollection", INC_CLEAN, "client\\.batch\\(\\)\\.v1\\(\\)\\.jobs\\(\\)[^;]*\\.withLabel\\([^;]*\\.delete\\(\\)",
          "delete by label selector"),
      op("batch", "jobs", "get", INC_CLEAN, "jobs\\(\\)[^;]*\\.withName\\(name\\)\\.get\\(\\)", "release-pin Job exists?"),
      op("batch", "jobs", "create", INC_CLEAN, "client\\.resource\\(release\\)\\.create\\(\\)", "release-pin Job"),
      op("apps", "deployments", "update", DEPLOY, "prepare\\(context, existing, task, \"Updating\"\\)\\.update\\(\\)",
          "tables/replicas change: a PUT of the server's copy with our fields (resourceVersion set, no read)"),
      op("apps", "deployments", "delete", INC_CLEAN, "client\\.apps\\(\\)\\.deployments\\(\\)[^;]*\\.withName\\([^;]*\\.delete\\(\\)",
          "sync deleted"),
      op("", "pods", "list,watch", FDM, "InformerEventSourceConfiguration\\.from\\(Pod\\.class, FullDataMigration\\.class\\)",
          "Pod informer: pods that cannot start, progress from /status"),
      op("", "pods", "list,watch", INC, "InformerEventSourceConfiguration\\.from\\(Pod\\.class, IncrementalSync\\.class\\)",
          "Pod informer: worker exits, pods that cannot start, /status"),
      op(HBT, "incrementalsyncs", "list,watch", FDM,
          "InformerEventSourceConfiguration\\.from\\(IncrementalSync\\.class, FullDataMigration\\.class\\)",
          "informer on the follow-on syncs"),
      op(HBT, "incrementalsyncs", "get", FOLLOW,
          "client\\.resources\\(IncrementalSync\\.class\\)[^;]*\\.withName\\(followOn\\.getSyncName\\(\\)\\)\\.get\\(\\)",
          "follow-on sync exists?"),
      op(HBT, "incrementalsyncs", "create", FOLLOW, "client\\.resource\\(sync\\)\\.create\\(\\)", "follow-on sync"),
      op(HBT, "incrementalsyncs", "get,patch", FOLLOW, "\\.edit\\(s -> \\{ SyncOwnership\\.update\\(s, owned, control\\)",
          "owned fields and pause/retry passed on to the sync when they change (edit reads, then JSON-patches)"),
      op(HBT, "incrementalsyncs", "delete", FOLLOW, "client\\.resource\\(sync\\)\\.withPropagationPolicy\\([^;]*\\.delete\\(\\)",
          "the sync goes with its migration"),
      op(HBT, "fulldatamigrations/finalizers", "update", FOLLOW, "withOwnerReferences\\(new OwnerReferenceBuilder\\(\\)",
          "the sync's owner reference to its migration"),
      op("batch", "jobs", "get", FOLLOW, "jobs\\(\\)[^;]*\\.withName\\(name\\)\\.get\\(\\)", "release-pin Job exists?"),
      op("batch", "jobs", "create", FOLLOW, "client\\.resource\\(release\\)\\.create\\(\\)", "release-pin Job of an armed migration"),
      op("", "secrets", "get", CONFIG, "client\\.secrets\\(\\)[^;]*\\.withName\\([^;]*\\.get\\(\\)", "the user's keytab"),
      op("", "configmaps", "get", CONFIG, "client\\.configMaps\\(\\)[^;]*\\.withName\\([^;]*\\.get\\(\\)", "the user's krb5.conf"),
      op("", "configmaps,secrets", "create,update,get", CONFIG, "client\\.resource\\(desired\\)\\.createOr\\(existing -> existing\\.update\\(\\)\\)",
          "hbase-site ConfigMap and keytab copy, when they differ from the informer's; update of an object without"
              + " resourceVersion reads it first"),
      op("", "configmaps", "list,watch", CLU, "InformerEventSourceConfiguration\\.from\\(ConfigMap\\.class, HBaseCluster\\.class\\)",
          "informer on the rendered ConfigMaps"),
      op("", "secrets", "list,watch", CLU, "InformerEventSourceConfiguration\\.from\\(Secret\\.class, HBaseCluster\\.class\\)",
          "informer on the keytab copies"),
      op(HBT, "hbaseclusters", "get,patch", CLU, "Cleaner<HBaseCluster>",
          "JOSDK finalizer: a cluster stays while tasks refer to it (they release their pins through it)"),
      op(HBT, "fulldatamigrations", "list,watch", CLU,
          "InformerEventSourceConfiguration\\.from\\(FullDataMigration\\.class, HBaseCluster\\.class\\)", "tasks holding a deleted cluster"),
      op(HBT, "incrementalsyncs", "list,watch", CLU,
          "InformerEventSourceConfiguration\\.from\\(IncrementalSync\\.class, HBaseCluster\\.class\\)", "tasks holding a deleted cluster"),
      op("", "pods", "list", CLEAN, "client\\.pods\\(\\)[^;]*\\.list\\(\\)", "a deleted task's worker pods still running"),
      op("", "pods", "delete", CLEAN, "client\\.resource\\(p\\)\\.delete\\(\\)",
          "a deleted task's worker pods are stopped before its pins and snapshots are released"),
      op(HBT, "hbaseclusters", "get", CLEAN, "client\\.resources\\(HBaseCluster\\.class\\)[^;]*\\.get\\(\\)",
          "the source whose pins and snapshots are released"),
      op("", "events", "create", "common/EventRecorder.java", "client\\.v1\\(\\)\\.events\\(\\)[^;]*\\.create\\(\\)", "Events"),
      op("", "events", "list,watch", "common/WorkerEvents.java", "InformerEventSourceConfiguration\\.from\\(Event\\.class, primary\\)",
          "Event informer: worker pods never created (FailedCreate) or stuck mounting (FailedMount)"),
      // ---- gateway
      gw("hbaseclusters", "list,watch", "ClusterDirectory.java",
          "client\\.resources\\(HBaseCluster\\.class\\)\\.inNamespace\\(namespace\\)\\.inform\\(\\)", "cluster cache"),
      gw("hbaseclusters", "get", "ClusterDirectory.java", "client\\.resources\\(HBaseCluster\\.class\\)[^;]*\\.get\\(\\)", "src/dst exist"),
      gw("hbaseclusters", "list", "ClusterDirectory.java", "client\\.resources\\(HBaseCluster\\.class\\)[^;]*\\.list\\(\\)", "listing"),
      // TaskResources<T> is made for FullDataMigration and IncrementalSync (LtsApi)
      gw("fulldatamigrations,incrementalsyncs", "list,watch", "TaskResources.java",
          "client\\.resources\\(type\\)\\.inNamespace\\(namespace\\)\\.inform\\(\\)", "task cache"),
      gw("fulldatamigrations,incrementalsyncs", "create", "TaskResources.java", "client\\.resources\\(type\\)[^;]*\\.create\\(\\)",
          "fulldata/create, incr/create"),
      gw("fulldatamigrations,incrementalsyncs", "get", "TaskResources.java", "client\\.resources\\(type\\)[^;]*\\.get\\(\\)", "detail"),
      gw("fulldatamigrations,incrementalsyncs", "patch", "TaskResources.java", "client\\.resources\\(type\\)[^;]*\\.patch\\(",
          "abort, retry, incr/update (JSON patch of spec)"),
      gw("fulldatamigrations,incrementalsyncs", "delete", "TaskResources.java", "client\\.resources\\(type\\)[^;]*\\.delete\\(\\)",
          "del"),
      new Grant(Component.GATEWAY, "", List.of("events"), List.of("list", "watch"), "EventLog.java",
          "client\\.v1\\(\\)\\.events\\(\\)\\.inNamespace\\(namespace\\)\\.inform\\(\\)", "the status page's last events"));

  private RbacTable() {}

  private static Grant op(String group, String resources, String verbs, String file, String evidence, String why) {
    return new Grant(Component.OPERATOR, group, List.of(resources.split(",")), List.of(verbs.split(",")), file, evidence, why);
  }

  private static Grant gw(String resources, String verbs, String file, String evidence, String why) {
    return new Grant(Component.GATEWAY, HBT, List.of(resources.split(",")), List.of(verbs.split(",")), file, evidence, why);
  }

  static Set<Access> accessOf(Component component, boolean leaderElection) {
    Set<Access> result = new TreeSet<>();
    GRANTS.stream().filter(g -> g.component() == component)
        .filter(g -> leaderElection || !LEASE_WHY.equals(g.why()))
        .forEach(g -> g.resources().forEach(r -> g.verbs().forEach(v -> result.add(new Access(g.group(), r, v)))));
    return result;
  }
}
