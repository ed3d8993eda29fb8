package io.hbasetunnel.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.SnapshotDescription;
import org.apache.hadoop.hbase.replication.ReplicationPeerDescription;
import org.apache.hadoop.hbase.zookeeper.MiniZooKeeperCluster;

/** Two running miniclusters (HDFS + HBase each) on one ZooKeeper, with different znode parents. */
final class ClusterPair implements AutoCloseable {
  private static final Set<String> BUILT_IN_NAMESPACES =
      Set.of(NamespaceDescriptor.DEFAULT_NAMESPACE_NAME_STR, NamespaceDescriptor.SYSTEM_NAMESPACE_NAME_STR);

  private final ClusterSettings settings;
  private final TestCluster source;
  private final TestCluster destination;

  private ClusterPair(ClusterSettings settings, TestCluster source, TestCluster destination) {
    this.settings = settings;
    this.source = source;
    this.destination = destination;
  }

  static ClusterPair start(ClusterSettings settings) throws Exception {
    HBaseTestingUtility src = newUtility("/hbase-source", settings.sourceOverrides());
    MiniZooKeeperCluster zooKeeper = src.startMiniZKCluster();
    src.startMiniCluster(options(settings.sourceRegionServers()));
    TestCluster source = new TestCluster("source", src);

    HBaseTestingUtility dst = newUtility("/hbase-destination", settings.destinationOverrides());
    dst.setZkCluster(zooKeeper);
    dst.startMiniCluster(options(settings.destinationRegionServers()));
    return new ClusterPair(settings, source, new TestCluster("destination", dst));
  }

  ClusterSettings settings() {
    return settings;
  }

  TestCluster source() {
    return source;
  }

  TestCluster destination() {
    return destination;
  }

  /**
   * Brings both clusters back to the state a fresh pair has, as far as one test class can change
   * it: no replication peers (WAL pins), snapshots, tables or namespaces of its own, compactions
   * and the balancer on. Region servers a class stopped or started are not restored: such a class
   * does not share ({@link SharedClusters}).
   */
  void resetForNextClass() throws Exception {
    for (TestCluster cluster : List.of(source, destination)) {
      try (Admin admin = cluster.admin()) {
        for (ReplicationPeerDescription peer : admin.listReplicationPeers()) {
          admin.removeReplicationPeer(peer.getPeerId());
        }
        for (SnapshotDescription snapshot : admin.listSnapshots()) {
          admin.deleteSnapshot(snapshot.getName());
        }
        dropUserTables(admin);
        for (NamespaceDescriptor namespace : admin.listNamespaceDescriptors()) {
          if (!BUILT_IN_NAMESPACES.contains(namespace.getName())) {
            admin.deleteNamespace(namespace.getName());
          }
        }
        admin.compactionSwitch(true, List.of());
        admin.balancerSwitch(true, true);
      }
    }
  }

  /** All at once: one table after another costs seconds each. */
  private static void dropUserTables(Admin admin) throws Exception {
    List<TableName> tables = List.of(admin.listTableNames());
    List<Future<Void>> disabling = new ArrayList<>();
    for (TableName table : tables) {
      if (admin.isTableEnabled(table)) {
        disabling.add(admin.disableTableAsync(table));
      }
    }
    await(disabling);
    List<Future<Void>> deleting = new ArrayList<>();
    for (TableName table : tables) {
      deleting.add(admin.deleteTableAsync(table));
    }
    await(deleting);
  }

  private static void await(List<Future<Void>> operations) throws Exception {
    for (Future<Void> operation : operations) {
      operation.get(2, TimeUnit.MINUTES);
    }
  }

  @Override
  public void close() throws IOException {
    // destination first: the source owns the shared ZooKeeper and stops it with itself
    try {
      destination.close();
    } finally {
      source.close();
    }
  }

  private static HBaseTestingUtility newUtility(String znodeParent, Map<String, String> overrides) {
    HBaseTestingUtility util = new HBaseTestingUtility();
    Configuration conf = util.getConfiguration();
    conf.set("zookeeper.znode.parent", znodeParent);
    // local MapReduce (CopyTable, ExportSnapshot) on a minicluster needs this (docs/dependencies.md)
    conf.setBoolean("hbase.bulkload.locality.sensitive.enabled", false);
    // small machines: fewer handler threads per server
    conf.setInt("hbase.regionserver.handler.count", 10);
    conf.setInt("hbase.master.handler.count", 10);
    overrides.forEach(conf::set);
    return util;
  }

  private static StartMiniClusterOption options(int regionServers) {
    return StartMiniClusterOption.builder()
        .numMasters(1)
        .numRegionServers(regionServers)
        .numDataNodes(1)
        .build();
  }
}
