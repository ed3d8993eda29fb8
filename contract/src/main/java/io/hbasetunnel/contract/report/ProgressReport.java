package io.hbasetunnel.contract.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a Job's worker ({@code schema}, {@code copy}, {@code bulkload}) writes to
 * {@code --progress-file} every 2 s and at exit, and serves on GET /status; the operator sums the
 * reports of a Job's pods into the sub-task's progress.
 *
 * @param state RUNNING, SUCCEEDED or FAILED
 * @param etaSeconds null while unknown (no unit done yet)
 * @param skipped true when there was nothing to do (set only by the commands that can skip)
 * @param snapshotTime the copied snapshot's creation time (ms), once known
 * @param message what happened, or why it failed
 */
public record ProgressReport(String command, String table, String state, int unitsDone, int unitsTotal, int unitsSkipped,
    int unitsLoaded, long rows, long cells, long bytes, Double mbPerSecond, Long etaSeconds, Double elapsedSeconds,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean skipped,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long snapshotTime,
    String message) {

  /** A report that holds only a message: a termination message that was no JSON (the log's tail). */
  public static ProgressReport messageOnly(String message) {
    return new ProgressReport(null, null, null, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, message);
  }

  /** A copy's progress counts (rates, eta); a message-only report does not. */
  public boolean hasRates() {
    return mbPerSecond != null;
  }
}
