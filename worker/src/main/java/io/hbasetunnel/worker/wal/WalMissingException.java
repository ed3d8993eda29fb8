package io.hbasetunnel.worker.wal;

import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.WorkerException;

/** A WAL the sync had not finished reading is gone: edits were lost, and saying so is the only safe answer. */
final class WalMissingException extends WorkerException {
  WalMissingException(String stream, WalPosition position) {
    super(ExitCodes.WAL_MISSING, "WAL " + position.file() + " of region server stream " + stream
        + " is gone (read up to byte " + position.position() + "): its remaining edits can no longer be synced."
        + " Fix: keep the sync's WAL pin (do not remove peer hbt*), then run a new full copy from a fresh snapshot"
        + " and start the sync again at that snapshot's time");
  }
}
