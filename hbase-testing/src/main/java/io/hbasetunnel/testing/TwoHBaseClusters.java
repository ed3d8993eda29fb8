package io.hbasetunnel.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two real HBase clusters (HDFS + HBase minicluster each, one shared ZooKeeper with different
 * znode parents), started once per test class, or once for a group of {@link SharedClusters} classes
 * with equal settings; stopped when the test JVM's run ends ({@link ClusterPairPool}):
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
  private ClusterPair ownPair;

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

  /**
   * Takes the pair from the JVM's pool ({@link ClusterPairPool}); without a JUnit context (a
   * program using the clusters, as the quickstart does) starts a pair of its own, for {@link #afterAll}.
   */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    ClusterPair pair = context == null
        ? ClusterPair.start(settings())
        : ClusterPairPool.of(context).acquire(settings(), context.getRequiredTestClass());
    ownPair = context == null ? pair : null;
    source = pair.source();
    destination = pair.destination();
  }

  /** Stops a pair {@link #beforeAll} started on its own; a pooled pair stops when the JVM's test run ends. */
  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (ownPair != null) {
      ownPair.close();
      ownPair = null;
    }
  }

  private ClusterSettings settings() {
    return new ClusterSettings(sourceRegionServers, destinationRegionServers, asMap(sourceOverrides),
        asMap(destinationOverrides));
  }

  private static Map<String, String> asMap(Configuration overrides) {
    Map<String, String> map = new HashMap<>();
    overrides.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }
}
