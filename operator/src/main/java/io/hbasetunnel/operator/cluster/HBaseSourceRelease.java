package io.hbasetunnel.operator.cluster;

import io.hbasetunnel.contract.naming.SourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.SnapshotDescription;
import org.apache.hadoop.hbase.replication.ReplicationPeerDescription;

/**
 * The real release: an HBase Admin connection to the source with few retries, on its own thread
 * with a hard deadline (like the probe), so an unreachable source never holds a reconcile thread;
 * the finalizer then tries again later.
 */
public final class HBaseSourceRelease implements SourceRelease {
  private final long timeoutMillis;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hbase-source-release");
    t.setDaemon(true);
    return t;
  });

  public HBaseSourceRelease(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Released release(Map<String, String> clientConfig, Set<String> walPinPeerIds, Set<String> snapshots) throws Exception {
    Future<Released> answer = executor.submit(() -> {
      Configuration conf = HBaseConfiguration.create();
      clientConfig.forEach(conf::set);
      conf.setInt("hbase.client.retries.number", 3);
      conf.setInt("zookeeper.recovery.retry", 1);
      conf.setLong("hbase.rpc.timeout", timeoutMillis);
      try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
        return new Released(removePeers(admin, walPinPeerIds), deleteSnapshots(admin, snapshots));
      }
    });
    try {
      return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new IllegalStateException("no answer within " + timeoutMillis + " ms; check the ZooKeeper quorum and znode parent");
    }
  }

  private static List<String> removePeers(Admin admin, Set<String> bases) throws Exception {
    List<String> removed = new ArrayList<>();
    if (bases.isEmpty()) {
      return removed;
    }
    for (ReplicationPeerDescription peer : admin.listReplicationPeers()) {
      String id = peer.getPeerId();
      if (bases.stream().anyMatch(base -> SourceNames.walPinGeneration(base, id) >= 0)) {
        admin.removeReplicationPeer(id);
        removed.add(id);
      }
    }
    return removed;
  }

  private static List<String> deleteSnapshots(Admin admin, Set<String> names) throws Exception {
    List<String> deleted = new ArrayList<>();
    if (names.isEmpty()) {
      return deleted;
    }
    for (SnapshotDescription snapshot : admin.listSnapshots()) {
      if (names.contains(snapshot.getName())) {
        admin.deleteSnapshot(snapshot.getName());
        deleted.add(snapshot.getName());
      }
    }
    return deleted;
  }
}
