package io.hbasetunnel.worker.wal;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.replication.ReplicationPeerConfig;
import org.apache.hadoop.hbase.replication.ReplicationPeerDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the source's log cleaner from deleting WALs the sync has not read: a disabled replication
 * peer (WAL-NOTES.md: a disabled peer keeps every server's archived WALs). It replicates no table
 * even if someone enables it (replicateAllUserTables=false, no table list). Removed by
 * {@code worker release-pin} when the sync is deleted.
 */
final class WalPin {
  private static final Logger LOG = LoggerFactory.getLogger(WalPin.class);

  private WalPin() {}

  /** Peer ids may not contain '-', so the sync id is reduced to letters and digits. */
  static String peerId(String syncId) {
    return "hbt" + syncId.replaceAll("[^A-Za-z0-9]", "");
  }

  static void ensure(Admin source, String syncId, Configuration destinationConf) throws IOException {
    String id = peerId(syncId);
    for (ReplicationPeerDescription peer : source.listReplicationPeers()) {
      if (peer.getPeerId().equals(id)) {
        return;
      }
    }
    String clusterKey = destinationConf.get(HConstants.ZOOKEEPER_QUORUM) + ":"
        + destinationConf.get(HConstants.ZOOKEEPER_CLIENT_PORT, "2181") + ":"
        + destinationConf.get(HConstants.ZOOKEEPER_ZNODE_PARENT, "/hbase");
    source.addReplicationPeer(id, ReplicationPeerConfig.newBuilder().setClusterKey(clusterKey)
        .setReplicateAllUserTables(false).build(), false);
    LOG.info("pinned the source's WALs with disabled replication peer {}", id);
  }

  static boolean release(Admin source, String syncId) throws IOException {
    String id = peerId(syncId);
    for (ReplicationPeerDescription peer : source.listReplicationPeers()) {
      if (peer.getPeerId().equals(id)) {
        source.removeReplicationPeer(id);
        return true;
      }
    }
    return false;
  }
}
