package io.hbasetunnel.worker.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which task a step belongs to, where it stages files and where it reports progress. */
public final class TaskOptions {
  @Option(names = "--task-id", required = true,
      description = "Task id (e.g. workflow-<hex>): names the snapshot and the staging directory.")
  public String taskId;

  @Option(names = "--staging-dir", defaultValue = "/hbase-tunnel-staging",
      description = "Staging directory on the destination's filesystem (default: ${DEFAULT-VALUE});"
          + " a path without scheme is on the destination's default filesystem.")
  public String stagingDir;

  @Option(names = "--progress-file", paramLabel = "FILE",
      description = "Write progress as JSON here every few seconds and on exit (a pod's terminationMessagePath).")
  public Path progressFile;

  @Option(names = "--status-port", paramLabel = "PORT",
      description = "Serve the same progress on GET /status on this port while running, as wal-sync does.")
  public Integer statusPort;
}
