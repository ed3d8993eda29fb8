package io.hbasetunnel.worker.wal;

import io.hbasetunnel.worker.cli.WorkerException;
import java.io.IOException;
import org.apache.hadoop.hbase.client.Connection;

/** What other commands may learn of an armed sync: the start time its `--arm-only` recorded. */
public final class ArmedSync {
  private ArmedSync() {}

  /** The recorded start time T of the sync; exit 2 when it was never armed. */
  public static long startTime(Connection destination, String syncId) throws IOException {
    try (WalCheckpointStore checkpoints = new WalCheckpointStore(destination, syncId)) {
      Long start = checkpoints.read().startTime();
      if (start == null) {
        throw WorkerException.badInput("sync " + syncId + " is not armed (no start time recorded on the destination);"
            + " run `worker wal-sync --arm-only --sync-id " + syncId + "` before the copy takes its snapshot");
      }
      return start;
    }
  }
}
