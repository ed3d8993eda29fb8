package io.hbasetunnel.contract.command;

import java.util.List;
import java.util.Optional;

/** {@code worker bulkload}: load what the copy's pods left staged under the task's staging directory. */
public record BulkloadArgs(Clusters clusters, String table, String targetTable, List<String> families, String taskId,
    String stagingDir, String progressFile, String snapshot, Integer statusPort) implements WorkerArgs {
  public BulkloadArgs {
    families = families == null ? List.of() : List.copyOf(families);
  }

  @Override
  public String command() {
    return "bulkload";
  }

  @Override
  public List<String> toArgs() {
    return new Flags(command(), clusters).value("--table", table).value("--target-table", targetTable)
        .list("--families", families).value("--task-id", taskId).value("--staging-dir", stagingDir)
        .value("--progress-file", progressFile).value("--snapshot", snapshot).value("--status-port", statusPort).build();
  }

  @Override
  public Optional<String> runId() {
    return Optional.ofNullable(taskId);
  }
}
