package io.hbasetunnel.worker.cli;

import io.hbasetunnel.worker.hbase.ClusterConfig;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/** Where the source and destination clusters are: shared by every command (a picocli mixin). */
public final class ClusterOptions {
  @Option(names = "--source-conf", paramLabel = "DIR",
      description = "Directory with the source's hbase-site.xml (core-site.xml, hdfs-site.xml).")
  Path sourceConf;

  @Option(names = "--source-zk", paramLabel = "QUORUM",
      description = "Source ZooKeeper as host1,host2[:port][:/znode], e.g. zk1,zk2:2181:/hbase.")
  String sourceZk;

  @Option(names = "--destination-conf", paramLabel = "DIR",
      description = "Directory with the destination's hbase-site.xml.")
  Path destinationConf;

  @Option(names = "--destination-zk", paramLabel = "QUORUM",
      description = "Destination ZooKeeper as host1,host2[:port][:/znode].")
  String destinationZk;

  public Configuration source() {
    return ClusterConfig.load("source", sourceConf, sourceZk);
  }

  public Configuration destination() {
    return ClusterConfig.load("destination", destinationConf, destinationZk);
  }
}
