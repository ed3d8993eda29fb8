package io.hbasetunnel.testing;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.zookeeper.MiniZooKeeperCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two real HBase clusters (HDFS + HBase minicluster each, one shared ZooKeeper with different
 * znode parents), started once per test class:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters().sourceRegionServers(2);
 * </pre>
 *
 * Tests get a {@link TestCluster} for each side, with helpers for tables and data.
 */
public final class TwoHBaseClusters implements BeforeAllCallback, AfterAllCallback {
  private int sourceRegionServers = 1;
  private int destinationRegionServers = 1;
  private Configuration sourceOverrides = new Configuration(false);
  private Configuration destinationOverrides = new Configuration(false);
  private TestCluster source;
  private TestCluster destination;
  private MiniZooKeeperCluster zooKeeper;

  public TwoHBaseClusters sourceRegionServers(int count) {
    this.sourceRegionServers = count;
    return this;
  }

  public TwoHBaseClusters destinationRegionServers(int count) {
    this.destinationRegionServers = count;
    return this;
  }

  /** Extra hbase-site settings of the source cluster, e.g. a short log cleaner TTL. */
  public TwoHBaseClusters sourceSetting(String key, String value) {
    sourceOverrides.set(key, value);
    return this;
  }

  /**
   * Extra hbase-site settings of the destination cluster. Some HBase state is JVM-wide (e.g. the
   * superusers: the cluster started last decides), so security settings go to both.
   */
  public TwoHBaseClusters destinationSetting(String key, String value) {
    destinationOverrides.set(key, value);
    return this;
  }

  public TestCluster source() {
    return source;
  }

  public TestCluster destination() {
    return destination;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    HBaseTestingUtility src = newUtility("/hbase-source");
    sourceOverrides.forEach(e -> src.getConfiguration().set(e.getKey(), e.getValue()));
    zooKeeper = src.startMiniZKCluster();
    src.startMiniCluster(options(sourceRegionServers));
    source = new TestCluster("source", src);

    HBaseTestingUtility dst = newUtility("/hbase-destination");
    destinationOverrides.forEach(e -> dst.getConfiguration().set(e.getKey(), e.getValue()));
    dst.setZkCluster(zooKeeper);
    dst.startMiniCluster(options(destinationRegionServers));
    destination = new TestCluster("destination", dst);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    // destination first: the source owns the shared ZooKeeper and stops it with itself
    shutdown(destination);
    shutdown(source);
  }

  private static HBaseTestingUtility newUtility(String znodeParent) {
    HBaseTestingUtility util = new HBaseTestingUtility();
    Configuration conf = util.getConfiguration();
    conf.set("zookeeper.znode.parent", znodeParent);
    // local MapReduce (CopyTable, ExportSnapshot) on a minicluster needs this (docs/dependencies.md)
    conf.setBoolean("hbase.bulkload.locality.sensitive.enabled", false);
    // small machines: fewer handler threads per server
    conf.setInt("hbase.regionserver.handler.count", 10);
    conf.setInt("hbase.master.handler.count", 10);
    return util;
  }

  private static StartMiniClusterOption options(int regionServers) {
    return StartMiniClusterOption.builder()
        .numMasters(1)
        .numRegionServers(regionServers)
        .numDataNodes(1)
        .build();
  }

  private static void shutdown(TestCluster cluster) throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }
}
