package io.hbasetunnel.contract.report;

import java.util.List;

/**
 * The report of {@code worker verify --json} and {@code --report-file} (a verify Job's termination
 * message, at most 4096 bytes: long keys shortened, first differences left off from the end); the
 * operator keeps its counts in {@code status.tables[].verify}.
 */
public record VerifyReportJson(String sourceTable, String destinationTable, String scope, long sourceCells,
    long destinationCells, long matchingCells, long missingInDestination, long extraInDestination, long valueDiffers,
    long uncoveredByFlushTiming, long hiddenPutsOnOneSide, List<Difference> firstDifferences) {
  public VerifyReportJson {
    firstDifferences = firstDifferences == null ? List.of() : List.copyOf(firstDifferences);
  }

  /**
   * One cell not the same on both sides, in printable form.
   *
   * @param kind MISSING_IN_DESTINATION, EXTRA_IN_DESTINATION or VALUE_DIFFERS
   */
  public record Difference(String kind, String row, String family, String qualifier, long timestamp, String type) {}
}
