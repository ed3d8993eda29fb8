package io.hbasetunnel.contract.command;

import java.util.List;
import java.util.Optional;

/**
 * {@code worker schema}: create the destination table from the source's schema.
 *
 * @param retainDeletes keep delete markers until the follow-on sync gives the source's setting back
 * @param deferCompactions a bulkload migration's table compacts only after its bulkload Job
 */
public record SchemaArgs(Clusters clusters, String table, String targetTable, List<String> families, String compression,
    String progressFile, boolean retainDeletes, boolean deferCompactions) implements WorkerArgs {
  public SchemaArgs {
    families = families == null ? List.of() : List.copyOf(families);
  }

  @Override
  public String command() {
    return "schema";
  }

  @Override
  public List<String> toArgs() {
    return new Flags(command(), clusters).value("--table", table).value("--target-table", targetTable)
        .list("--families", families).value("--compression", compression).value("--progress-file", progressFile)
        .on("--retain-deletes", retainDeletes).on("--defer-compactions", deferCompactions).build();
  }

  @Override
  public Optional<String> runId() {
    return Optional.empty();
  }
}
