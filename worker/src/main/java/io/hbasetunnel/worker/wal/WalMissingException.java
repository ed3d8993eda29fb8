package io.hbasetunnel.worker.wal;

import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.WorkerException;
import java.time.Instant;
import java.util.List;

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

  /**
   * Some streams' WALs from the start time on are gone, and the sync's pin did not keep them: each
   * server's lost range is {@code [start time, its oldest WAL's start]}.
   */
  static WalMissingException startGaps(long startTime, List<StartGap.Gap> gaps) {
    StringBuilder text = new StringBuilder("re-copy needed: the WALs holding the edits written from --start-time ")
        .append(startTime).append(" (").append(Instant.ofEpochMilli(startTime)).append(")");
    long newest = 0;
    for (int i = 0; i < gaps.size(); i++) {
      StartGap.Gap gap = gaps.get(i);
      long oldest = gap.oldest().created();
      newest = Math.max(newest, oldest);
      text.append(i == 0 ? " to " : ", and to ").append(oldest).append(" (").append(Instant.ofEpochMilli(oldest))
          .append(") by region server ").append(gap.server());
    }
    text.append(" are gone: the oldest WAL left of ").append(gaps.size() == 1 ? "that server" : "each of them").append(", ")
        .append(String.join(", ", gaps.stream().map(g -> g.oldest().name()).toList()))
        .append(", was started after the start time, the server was up before it, and this sync's pin did not"
            + " exist before then. Those edits cannot be synced. Fix: start the sync from a newer time (--start-time ")
        .append(newest).append(" or later) if a full copy already holds everything before that time, or re-run a"
            + " full copy: arm the sync first (wal-sync --arm-only), take the snapshot, copy, then run wal-sync."
            + " Nothing was recorded for this sync id except its WAL pin (release-pin removes it)");
    return new WalMissingException(text.toString());
  }
}
