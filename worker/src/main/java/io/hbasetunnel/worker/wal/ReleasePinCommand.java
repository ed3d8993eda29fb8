package io.hbasetunnel.worker.wal;

import io.hbasetunnel.worker.cli.ClusterOptions;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.hbase.Connections;
import java.util.concurrent.Callable;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker release-pin}: a deleted sync gives the source's WALs back to its log cleaner. */
@Command(name = "release-pin", mixinStandardHelpOptions = true,
    description = {"Remove the sync's WAL pin (replication peers hbt<id> and hbt<id>_<n>) from the source and its checkpoint row.",
        "", "Example:", "  worker release-pin --source-conf /etc/src --destination-conf /etc/dst --sync-id wal-08a0"})
public final class ReleasePinCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions clusters;

  @Option(names = "--sync-id", required = true, description = "The sync whose pin to release.")
  String syncId;

  @Override
  public Integer call() throws Exception {
    try (Connection source = Connections.open("source", clusters.source()); Admin admin = source.getAdmin()) {
      int removed = WalPin.release(admin, syncId);
      System.out.println(removed > 0 ? "released WAL pin " + WalPin.peerId(syncId) + " (" + removed + " peer(s))"
          : "no WAL pin " + WalPin.peerId(syncId) + " (already released)");
    }
    try (Connection destination = Connections.open("destination", clusters.destination())) {
      try (WalCheckpointStore checkpoints = new WalCheckpointStore(destination, syncId)) {
        checkpoints.delete();
      }
    }
    return ExitCodes.OK;
  }
}
