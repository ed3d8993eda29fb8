package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** Reads the wal-sync workers' own status (docs/worker-contract.md: GET /status on the status port). */
public interface SyncStatusSource {
  /**
   * A fault a worker reports while it keeps running (its status JSON's {@code problem}): a
   * CamelCase reason ({@code NoWalStream}, {@code WalStreamsStalled}, ...) and what it saw.
   */
  record Problem(String reason, String message) {}

  /**
   * Offset and synctime of the whole sync: the oldest offset over its workers is where it stands.
   * {@code offset} is null when no worker holds a stream yet; {@code problem}, the first one a
   * worker reports, else null.
   */
  record SyncReport(Long offset, long synctime, Double entriesPerSecond, Problem problem) {
    public SyncReport(long offset, long synctime, Double entriesPerSecond) {
      this(Long.valueOf(offset), synctime, entriesPerSecond, null);
    }

    /** Two workers' reports as one: the smallest offset, the latest sync time, the summed rate, the first problem. */
    public SyncReport and(SyncReport other) {
      Long least = offset == null ? other.offset : other.offset == null ? offset : Long.valueOf(Math.min(offset, other.offset));
      double rate = (entriesPerSecond == null ? 0 : entriesPerSecond) + (other.entriesPerSecond == null ? 0 : other.entriesPerSecond);
      return new SyncReport(least, Math.max(synctime, other.synctime), rate, problem != null ? problem : other.problem);
    }
  }

  Optional<SyncReport> read(List<Pod> runningPods);
}
