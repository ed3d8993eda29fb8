package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** Reads the wal-sync workers' own status (docs/worker-contract.md: GET /status on the status port). */
public interface SyncStatusSource {
  /** Offset and synctime of the whole sync: the oldest offset over its workers is where it stands. */
  record SyncReport(long offset, long synctime, Double entriesPerSecond) {}

  Optional<SyncReport> read(List<Pod> runningPods);
}
