package io.hbasetunnel.worker.wal;

import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.WorkerException;
import java.time.Instant;

/** A WAL the sync had not finished reading is gone: edits were lost, and saying so is the only safe answer. */
final class WalMissingException extends WorkerException {
  WalMissingException(String stream, WalPosition position) {
    super(ExitCodes.WAL_MISSING, "WAL " + position.file() + " of region server stream " + stream
        + " is gone (read up to byte " + position.position() + "): its remaining edits can no longer be synced."
        + " Fix: keep the sync's WAL pin (do not remove peer hbt*), then run a new full copy from a fresh snapshot"
        + " and start the sync again at that snapshot's time");
  }

  private WalMissingException(String message) {
    super(ExitCodes.WAL_MISSING, message);
  }

  /** The start time is older than every WAL the source still has, and the sync's pin did not keep them. */
  static WalMissingException beforeOldestWal(long startTime, WalFile oldest) {
    return new WalMissingException("the WALs holding the edits written from --start-time " + startTime + " ("
        + Instant.ofEpochMilli(startTime) + ") to " + oldest.created() + " (" + Instant.ofEpochMilli(oldest.created())
        + ") are gone: the oldest WAL on the source, " + oldest.name() + ", was started at " + oldest.created()
        + ", and this sync's pin did not exist before then. Those edits cannot be synced. Fix: start the sync from a"
        + " newer time (--start-time " + oldest.created() + " or later) if a full copy already holds everything"
        + " before that time, or re-run a full copy: arm the sync first (wal-sync --arm-only), take the snapshot,"
        + " copy, then run wal-sync. Nothing was recorded for this sync id except its WAL pin (release-pin removes it)");
  }
}
