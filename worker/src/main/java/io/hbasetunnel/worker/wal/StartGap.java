package io.hbasetunnel.worker.wal;

import java.io.IOException;
import java.util.Comparator;

/**
 * A sync must not start silently after a gap: if every WAL the source still has (live, being
 * split, archived) was started after the start time, the WAL holding the edits from the start
 * time on is gone. That is no gap when this sync's pin existed before the oldest WAL: the older
 * ones were then read by the sync and released by its pin's rotation.
 */
final class StartGap {
  private StartGap() {}

  /**
   * @param pinnedAt when this sync's pin was known to exist first, or null for a sync that was
   *     pinned before this was recorded (it has read its streams already)
   * @throws WalMissingException when edits from the start time on are gone
   */
  static void check(WalLocator locator, long startTime, Long pinnedAt) throws IOException {
    WalFile oldest = locator.streams().values().stream().map(files -> files.get(0))
        .min(Comparator.comparingLong(WalFile::created)).orElse(null);
    if (oldest == null || oldest.created() <= startTime || pinnedAt == null || pinnedAt < oldest.created()) {
      return;
    }
    throw WalMissingException.beforeOldestWal(startTime, oldest);
  }
}
