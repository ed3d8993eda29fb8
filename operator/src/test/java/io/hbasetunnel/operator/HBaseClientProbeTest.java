package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.operator.cluster.ClusterProbe;
import io.hbasetunnel.operator.cluster.HBaseClientProbe;
import io.hbasetunnel.testing.TwoHBaseClusters;
import java.util.Map;
import org.apache.hadoop.hbase.HConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's real probe against real HBase, and against nothing: it answers within its deadline. */
class HBaseClientProbeTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  @Test
  void reachableClusterAnswersWithItsVersion() {
    var conf = CLUSTERS.source().conf();
    ClusterProbe.Result result = new HBaseClientProbe(20_000).probe(Map.of(
        HConstants.ZOOKEEPER_QUORUM, conf.get(HConstants.ZOOKEEPER_QUORUM),
        HConstants.ZOOKEEPER_CLIENT_PORT, conf.get(HConstants.ZOOKEEPER_CLIENT_PORT),
        HConstants.ZOOKEEPER_ZNODE_PARENT, conf.get(HConstants.ZOOKEEPER_ZNODE_PARENT)));
    assertThat(result.reachable()).as(result.message()).isTrue();
    assertThat(result.hbaseVersion()).startsWith("2.6.1");
  }

  @Test
  void deadAddressIsReportedWithinTheDeadline() {
    long start = System.nanoTime();
    ClusterProbe.Result result = new HBaseClientProbe(3_000).probe(Map.of(
        HConstants.ZOOKEEPER_QUORUM, "127.0.0.1", HConstants.ZOOKEEPER_CLIENT_PORT, "1",
        HConstants.ZOOKEEPER_ZNODE_PARENT, "/hbase"));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(result.reachable()).isFalse();
    assertThat(result.message()).isNotBlank();
    assertThat(seconds).as("the probe never holds a reconcile thread much past its deadline").isLessThan(10);
  }
}
