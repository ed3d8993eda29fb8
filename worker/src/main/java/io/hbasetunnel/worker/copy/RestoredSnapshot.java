package io.hbasetunnel.worker.copy;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot laid out for in-process region scanning, made on first use only (the byte-copy
 * path never needs it) and removed on close.
 */
final class RestoredSnapshot implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestoredSnapshot.class);
  private final SnapshotSource snapshot;
  private Path dir;

  RestoredSnapshot(SnapshotSource snapshot) {
    this.snapshot = snapshot;
  }

  synchronized Path dir() throws IOException {
    if (dir == null) {
      dir = snapshot.restoreForScanning();
    }
    return dir;
  }

  SnapshotSource snapshot() {
    return snapshot;
  }

  @Override
  public synchronized void close() {
    if (dir != null) {
      try {
        snapshot.fileSystem().delete(dir, true);
      } catch (IOException e) {
        LOG.warn("cannot remove restore dir {}: {}", dir, e.getMessage());
      }
    }
  }
}
