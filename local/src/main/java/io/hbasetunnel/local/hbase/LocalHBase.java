package io.hbasetunnel.local.hbase;

import io.hbasetunnel.testing.TestCluster;
import io.hbasetunnel.testing.TwoHBaseClusters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The two real HBase clusters of the quickstart: the test harness's {@link TwoHBaseClusters} (HDFS +
 * HBase each, one shared ZooKeeper told apart by znode parent), started outside JUnit.
 */
public final class LocalHBase implements AutoCloseable {
  private final TwoHBaseClusters clusters = new TwoHBaseClusters();

  /** @param dataDir where both clusters keep HDFS, WALs and logs */
  public static LocalHBase start(Path dataDir) throws Exception {
    // HBaseTestingUtility puts its data under this directory (default target/test-data)
    System.setProperty("test.build.data.basedirectory", dataDir.toAbsolutePath().toString());
    LocalHBase hbase = new LocalHBase();
    hbase.clusters.beforeAll(null);
    return hbase;
  }

  public TestCluster source() {
    return clusters.source();
  }

  public TestCluster destination() {
    return clusters.destination();
  }

  /** What an HBaseCluster resource and a client need to reach a cluster. */
  public static Map<String, Object> address(TestCluster cluster) {
    Configuration conf = cluster.conf();
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("zookeeperQuorum", conf.get("hbase.zookeeper.quorum"));
    address.put("zookeeperPort", conf.getInt("hbase.zookeeper.property.clientPort", 2181));
    address.put("znodeParent", conf.get("zookeeper.znode.parent"));
    address.put("hdfsUri", conf.get("fs.defaultFS"));
    address.put("hbaseRootDir", conf.get("hbase.rootdir"));
    return address;
  }

  @Override
  public void close() throws Exception {
    clusters.afterAll(null);
  }
}
