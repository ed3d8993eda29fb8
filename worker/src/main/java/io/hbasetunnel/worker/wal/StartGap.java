package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.Comparator;

/**
 * A sync must not start silently after a gap: if every WAL the source still has (live, being
 * split, archived) was started after the start time, the WAL holding the edits from the start
 * time on is gone. That is no gap when this sync's pin existed before the oldest WAL (the older
 * ones were read and released by its pin's rotation), nor once the sync has checkpointed its
 * streams: older WALs it read may be gone rightly, and a WAL it still needs that is gone is
 * reported for its stream.
 */
final class StartGap {
  private StartGap() {}

  /** @throws WalMissingException when edits from the start time on are gone */
  static void check(WalLocator locator, long startTime, WalCheckpointStore.SyncRow sync) throws IOException {
    // pinnedAt is null for syncs pinned before it was recorded: they have read their streams already
    Long pinnedAt = sync.pinnedAt();
    if (!sync.positions().isEmpty() || pinnedAt == null) {
      return;
    }
    WalFile oldest = locator.streams().values().stream().map(files -> files.get(0))
        .min(Comparator.comparingLong(WalFile::created)).orElse(null);
    if (oldest == null || oldest.created() <= startTime || pinnedAt < oldest.created()) {
      return;
    }
    throw WalMissingException.beforeOldestWal(startTime, oldest);
  }
}
