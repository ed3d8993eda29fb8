package io.hbasetunnel.contract.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code worker cleanup}: remove a deleted task's staging files.
 *
 * @param tables each source table (in order) with its target: a table still deferring compactions gets them back
 */
public record CleanupArgs(Clusters clusters, String taskId, String stagingDir, Map<String, String> tables)
    implements WorkerArgs {
  public CleanupArgs {
    tables = tables == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  @Override
  public String command() {
    return "cleanup";
  }

  @Override
  public List<String> toArgs() {
    return new Flags(command(), clusters).value("--task-id", taskId).value("--staging-dir", stagingDir)
        .tables("--tables", tables).build();
  }

  @Override
  public Optional<String> runId() {
    return Optional.ofNullable(taskId);
  }
}
