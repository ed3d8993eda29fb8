package io.hbasetunnel.operator.common;

import java.util.List;

/**
 * How worker pods are made: the image, the command that starts the worker in it, where the
 * cluster configs are mounted, the staging directory for bulkload files, how long one Job
 * attempt may run ({@code activeDeadlineSeconds}; null or 0: no limit), and the pod settings
 * (resources, JAVA_OPTS, node selector, tolerations).
 */
public record WorkerSettings(String image, List<String> command, String stagingDir, String serviceAccount,
    Long jobDeadlineSeconds, int statusPort, WorkerPodSettings pod) {
  /** Where copy and bulkload workers serve GET /status (--status-port) while they run. */
  public static final int DEFAULT_STATUS_PORT = 8080;

  public WorkerSettings(String image, List<String> command, String stagingDir, String serviceAccount, Long jobDeadlineSeconds) {
    this(image, command, stagingDir, serviceAccount, jobDeadlineSeconds, DEFAULT_STATUS_PORT);
  }

  public WorkerSettings(String image, List<String> command, String stagingDir, String serviceAccount, Long jobDeadlineSeconds,
      int statusPort) {
    this(image, command, stagingDir, serviceAccount, jobDeadlineSeconds, statusPort, WorkerPodSettings.NONE);
  }

  public static final String CONF_ROOT = "/etc/hbase-tunnel";
  /** Default Job deadline: two days, longer than any copy we have seen; a Job past it fails (DeadlineExceeded). */
  public static final long DEFAULT_JOB_DEADLINE_SECONDS = 172_800;

  public static WorkerSettings defaults() {
    return new WorkerSettings("ghcr.io/hbase-tunnel/worker:0.1.0", List.of("worker"), "/hbase-tunnel-staging", null,
        DEFAULT_JOB_DEADLINE_SECONDS, DEFAULT_STATUS_PORT, WorkerPodSettings.defaults());
  }

  public WorkerSettings withJobDeadlineSeconds(Long seconds) {
    return new WorkerSettings(image, command, stagingDir, serviceAccount, seconds, statusPort, pod);
  }

  /** Tests serve the workers' /status elsewhere than 8080. */
  public WorkerSettings withStatusPort(int port) {
    return new WorkerSettings(image, command, stagingDir, serviceAccount, jobDeadlineSeconds, port, pod);
  }

  public WorkerSettings withPod(WorkerPodSettings settings) {
    return new WorkerSettings(image, command, stagingDir, serviceAccount, jobDeadlineSeconds, statusPort, settings);
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
