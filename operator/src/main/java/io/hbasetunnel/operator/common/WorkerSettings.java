package io.hbasetunnel.operator.common;

import java.util.List;

/**
 * How worker pods are made: the image, the command that starts the worker in it, where the
 * cluster configs are mounted, and the staging directory for bulkload files.
 */
public record WorkerSettings(String image, List<String> command, String stagingDir, String serviceAccount) {
  public static final String CONF_ROOT = "/etc/hbase-tunnel";

  public static WorkerSettings defaults() {
    return new WorkerSettings("ghcr.io/hbase-tunnel/worker:0.1.0", List.of("worker"), "/hbase-tunnel-staging", null);
  }

  /** The cluster config arguments every worker command takes. */
  public static List<String> clusterArgs() {
    return List.of("--source-conf", CONF_ROOT + "/source", "--destination-conf", CONF_ROOT + "/destination");
  }

  /** Secret with a Kerberos cluster's keytab, copied there by the HBaseCluster reconciler. */
  public static String keytabSecretName(String cluster) {
    return Names.child(cluster, "tunnel-keytab");
  }

  /** ConfigMap with a cluster's hbase-site.xml, rendered by the HBaseCluster reconciler. */
  public static String configMapName(String cluster) {
    return Names.child(cluster, "hbase-site");
  }
}
