package io.hbasetunnel.worker.hbase;

import io.hbasetunnel.worker.cli.WorkerException;
import java.io.IOException;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.ClusterMetrics;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.codec.KeyValueCodecWithTags;

/** The one place that opens HBase connections, with a reachability check that fails fast. */
public final class Connections {
  private Connections() {}

  /**
   * Checks the cluster answers with few, short retries, then opens the long-lived connection, so
   * an unreachable cluster is reported in seconds with its address rather than after minutes.
   */
  public static Connection open(String role, Configuration conf) {
    conf = withTags(conf);
    try {
      try (Connection probe = ConnectionFactory.createConnection(fastFail(conf));
          Admin admin = probe.getAdmin()) {
        admin.getClusterMetrics(EnumSet.of(ClusterMetrics.Option.HBASE_VERSION));
      }
      return ConnectionFactory.createConnection(conf);
    } catch (IOException e) {
      throw WorkerException.retryable("cannot reach the " + role + " cluster at " + address(conf)
          + " (" + firstLine(e) + "); check the address and that HBase is running", e);
    }
  }

  /**
   * The configuration with an RPC codec that carries cell tags. HBase's default client codec
   * strips them, so cells written through it would lose their per-cell TTL, visibility labels
   * and ACLs (expired data visible again, protected data readable); reads through it would hide
   * tags from a compare. Every connection of the worker uses this codec, whatever the user's
   * hbase-site says.
   */
  public static Configuration withTags(Configuration conf) {
    Configuration tagged = new Configuration(conf);
    tagged.set(HConstants.RPC_CODEC_CONF_KEY, KeyValueCodecWithTags.class.getName());
    return tagged;
  }

  /** {@code quorum:port/znode}, as users write it. */
  public static String address(Configuration conf) {
    return conf.get(HConstants.ZOOKEEPER_QUORUM) + ":" + conf.get(HConstants.ZOOKEEPER_CLIENT_PORT, "2181")
        + conf.get(HConstants.ZOOKEEPER_ZNODE_PARENT, "/hbase");
  }

  private static Configuration fastFail(Configuration conf) {
    Configuration probe = new Configuration(conf);
    probe.setInt("zookeeper.recovery.retry", 1);
    probe.setInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, 2);
    probe.setInt(HConstants.HBASE_RPC_TIMEOUT_KEY, 10_000);
    probe.setInt(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, 20_000);
    return probe;
  }

  /** The innermost cause says what went wrong ("ConnectionLoss for /hbase/hbaseid"); its first line. */
  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getClass().getSimpleName() + ": " + root.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
