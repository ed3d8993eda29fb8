package io.hbasetunnel.contract.command;

import java.util.List;
import java.util.Optional;

/**
 * {@code worker verify}: compare the destination with the source (or the copy's snapshot).
 *
 * @param sampleRegions compare this many of the snapshot's regions; null: every region
 * @param json print the report as JSON
 * @param reportFile the report JSON also to this file (at most 4096 bytes)
 */
public record VerifyArgs(Clusters clusters, String table, String targetTable, List<String> families, String snapshot,
    Integer sampleRegions, boolean json, String reportFile) implements WorkerArgs {
  public VerifyArgs {
    families = families == null ? List.of() : List.copyOf(families);
  }

  @Override
  public String command() {
    return "verify";
  }

  @Override
  public List<String> toArgs() {
    return new Flags(command(), clusters).value("--table", table).value("--target-table", targetTable)
        .list("--families", families).value("--snapshot", snapshot).value("--sample-regions", sampleRegions)
        .on("--json", json).value("--report-file", reportFile).build();
  }

  @Override
  public Optional<String> runId() {
    return Optional.empty();
  }
}
