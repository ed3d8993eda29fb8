package io.hbasetunnel.worker.wal;

import io.hbasetunnel.contract.naming.SourceNames;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.ReplicationPeerNotFoundException;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.replication.ReplicationPeerConfig;
import org.apache.hadoop.hbase.replication.ReplicationPeerDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the source's log cleaner from deleting WALs the sync has not read: a disabled replication
 * peer (docs/wal-sync.md: a disabled peer keeps every server's WALs from the one being written when it
 * was added). It replicates no table even if someone enables it (replicateAllUserTables=false, no
 * table list). {@link PinRotation} replaces it by a newer generation as the sync moves on; {@code
 * worker release-pin} removes every generation when the sync is deleted.
 */
final class WalPin {
  private static final Logger LOG = LoggerFactory.getLogger(WalPin.class);

  private WalPin() {}

  /** Peer ids may not contain '-', so the sync id is reduced to letters and digits; '_' then marks the generation. */
  static String peerId(String syncId) {
    return SourceNames.walPinPeerId(syncId);
  }

  static String peerId(String syncId, long generation) {
    return SourceNames.walPinPeerId(syncId, generation);
  }

  static void ensure(Admin source, String syncId, long generation, Configuration destinationConf) throws IOException {
    String id = peerId(syncId, generation);
    if (exists(source, id)) {
      return;
    }
    String clusterKey = destinationConf.get(HConstants.ZOOKEEPER_QUORUM) + ":"
        + destinationConf.get(HConstants.ZOOKEEPER_CLIENT_PORT, "2181") + ":"
        + destinationConf.get(HConstants.ZOOKEEPER_ZNODE_PARENT, "/hbase");
    try {
      source.addReplicationPeer(id, ReplicationPeerConfig.newBuilder().setClusterKey(clusterKey)
          .setReplicateAllUserTables(false).build(), false);
      LOG.info("pinned the source's WALs with disabled replication peer {}", id);
    } catch (IOException e) {
      // another worker of the sync added it first
      if (!exists(source, id)) {
        throw e;
      }
    }
  }

  /** Removes one generation; false when it was already gone. */
  static boolean remove(Admin source, String id) throws IOException {
    try {
      source.removeReplicationPeer(id);
      return true;
    } catch (ReplicationPeerNotFoundException e) {
      return false;
    } catch (IOException e) {
      if (!exists(source, id)) {
        return false;
      }
      throw e;
    }
  }

  /** Removes every generation of the sync's pin; returns how many there were. */
  static int release(Admin source, String syncId) throws IOException {
    return removeOlderThan(source, syncId, Long.MAX_VALUE);
  }

  /** Removes the generations before {@code generation}, left behind too if a worker died mid-rotation. */
  static int removeOlderThan(Admin source, String syncId, long generation) throws IOException {
    String base = peerId(syncId);
    int removed = 0;
    for (ReplicationPeerDescription peer : source.listReplicationPeers()) {
      String id = peer.getPeerId();
      long of = generationOf(base, id);
      if (of >= 0 && of < generation && remove(source, id)) {
        removed++;
      }
    }
    return removed;
  }

  private static boolean exists(Admin source, String id) throws IOException {
    return source.listReplicationPeers().stream().anyMatch(p -> p.getPeerId().equals(id));
  }

  /** The generation a peer id stands for in this sync's pin, or -1 when it is not one of them. */
  static long generationOf(String base, String id) {
    return SourceNames.walPinGeneration(base, id);
  }
}
