package io.hbasetunnel.contract.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@code wal-sync} worker serves on GET /status and writes to {@code --status-file}
 * (docs/worker-contract.md); the operator reads it from every running worker.
 *
 * @param state RUNNING, ARMED (after {@code --arm-only}), STOPPED or FAILED
 * @param offset the oldest write time (ms) not yet applied on the streams this worker holds
 * @param lagMs now minus offset; null before the first poll
 * @param streams how many region-server streams this worker holds: a worker holding none says nothing of the lag
 * @param backlogBytes WAL bytes its streams have not read yet (a lower bound)
 * @param tables counts applied per destination table
 * @param problem why the sync may see nothing although it runs; null while it sees its WAL streams
 */
public record SyncStatus(String state, long offset, long synctime, Long lagMs, double entriesPerSecond, long entries,
    int streams, long backlogBytes, long batchBytes, long destinationCalls, long batchesRetriedSmaller,
    long bulkLoadsDetected, Map<String, TableCounts> tables, String message, Problem problem) {
  public SyncStatus {
    tables = tables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  /** Puts and deletes applied to one table. */
  public record TableCounts(long puts, long deletes) {}

  /**
   * @param reason {@code NoWalStream} or {@code WalStreamsStalled} (CamelCase, the condition's reason)
   * @param message names the directory looked in
   */
  public record Problem(String reason, String message) {}
}
