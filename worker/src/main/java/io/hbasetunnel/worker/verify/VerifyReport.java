package io.hbasetunnel.worker.verify;

import io.hbasetunnel.contract.report.VerifyReportJson;
import java.util.List;

/** Result of a compare: counts over all cells and the first differences found. */
public record VerifyReport(
    String sourceTable,
    String destinationTable,
    String scope,
    long sourceCells,
    long destinationCells,
    long matchingCells,
    long missingInDestination,
    long extraInDestination,
    long valueDiffers,
    long uncoveredByFlushTiming,
    long hiddenPutsOnOneSide,
    List<CellDifference> firstDifferences) {

  /** As the contract's JSON (what --json prints and --report-file holds). */
  public VerifyReportJson toJson() {
    return new VerifyReportJson(sourceTable, destinationTable, scope, sourceCells, destinationCells, matchingCells,
        missingInDestination, extraInDestination, valueDiffers, uncoveredByFlushTiming, hiddenPutsOnOneSide,
        firstDifferences.stream().map(d -> new VerifyReportJson.Difference(d.kind().name(), d.row(), d.family(),
            d.qualifier(), d.timestamp(), d.type())).toList());
  }

  public long differences() {
    return missingInDestination + extraInDestination + valueDiffers;
  }

  public boolean identical() {
    return differences() == 0;
  }

  /** A few lines for a terminal. */
  public String summary() {
    StringBuilder text = new StringBuilder()
        .append(identical() ? "IDENTICAL " : "DIFFERENT ")
        .append(sourceTable).append(" -> ").append(destinationTable).append(" (").append(scope).append(")\n")
        .append("  source cells:      ").append(sourceCells).append('\n')
        .append("  destination cells: ").append(destinationCells).append('\n')
        .append("  matching:          ").append(matchingCells).append('\n')
        .append("  missing in destination: ").append(missingInDestination)
        .append(", extra in destination: ").append(extraInDestination)
        .append(", value differs: ").append(valueDiffers).append('\n');
    if (uncoveredByFlushTiming > 0) {
      text.append("  not counted: ").append(uncoveredByFlushTiming).append(" oldest versions visible on one side only."
          + " A column was written with more versions than its family keeps, and a newer version was deleted:"
          + " the side that had not flushed yet still shows the extra oldest version. HBase's flush timing,"
          + " not a loss; a flush of both sides removes it.\n");
    }
    if (hiddenPutsOnOneSide > 0) {
      text.append("  not counted: ").append(hiddenPutsOnOneSide).append(" puts held by one side only that readers of"
          + " neither side see: masked by a delete marker both sides hold, or older than VERSIONS newer versions both"
          + " sides show. A flush or compaction drops such puts, one side sooner than the other; a major compaction of"
          + " both sides removes them.\n");
    }
    firstDifferences.forEach(d -> text.append("  ").append(d).append('\n'));
    if (differences() > firstDifferences.size()) {
      text.append("  ... ").append(differences() - firstDifferences.size()).append(" more\n");
    }
    return text.toString();
  }
}
