package io.hbasetunnel.contract.naming;

/**
 * Where a task keeps its files under {@code --staging-dir} on the destination's filesystem:
 * {@code <staging>/<task id>/<namespace>/<table>/...}, keyed by the source table. The worker
 * writes there, the operator names the task's directory to people (a cleanup that could not run).
 */
public final class StagingPaths {
  private StagingPaths() {}

  /** The task's directory, relative to the staging root. */
  public static String taskPath(String taskId) {
    return taskId;
  }

  /** The source table's directory ({@code ns:name}, or {@code name} in the default namespace), relative to the staging root. */
  public static String tablePath(String taskId, String table) {
    int colon = table.indexOf(':');
    String namespace = colon < 0 ? "default" : table.substring(0, colon);
    String name = colon < 0 ? table : table.substring(colon + 1);
    return taskPath(taskId) + "/" + namespace + "/" + name;
  }

  /** The task's directory under {@code stagingDir}. */
  public static String taskDir(String stagingDir, String taskId) {
    return (stagingDir.endsWith("/") ? stagingDir : stagingDir + "/") + taskPath(taskId);
  }
}
