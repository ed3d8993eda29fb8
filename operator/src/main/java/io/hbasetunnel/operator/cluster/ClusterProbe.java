package io.hbasetunnel.operator.cluster;

import java.util.Map;

/** Asks an HBase cluster whether it answers, within a time limit. */
public interface ClusterProbe {
  /** The answer: reachable with a version, or why not. */
  record Result(boolean reachable, String hbaseVersion, String message) {}

  /** @param clientConfig the hbase-site properties the workers get */
  Result probe(Map<String, String> clientConfig);
}
