package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;
import lombok.Data;

/** How to reach an HBase cluster: ZooKeeper for the client, HDFS for snapshots and WALs. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HBaseClusterSpec {
  @Required
  @Pattern("^[A-Za-z0-9.\\-]+(:[0-9]+)?(,[A-Za-z0-9.\\-]+(:[0-9]+)?)*$")
  @JsonPropertyDescription("ZooKeeper quorum, comma-separated hosts (hbase.zookeeper.quorum).")
  private String zookeeperQuorum;

  @Min(1)
  @Max(65535)
  @Default("2181")
  private Integer zookeeperPort = 2181;

  @Default("/hbase")
  @Pattern("^/.*")
  @JsonPropertyDescription("zookeeper.znode.parent.")
  private String znodeParent = "/hbase";

  @JsonPropertyDescription("Filesystem holding hbase.rootdir, e.g. hdfs://namenode:8020 (needed for bulkload and WAL sync).")
  private String hdfsUri;

  @JsonPropertyDescription("hbase.rootdir, e.g. hdfs://namenode:8020/hbase.")
  private String hbaseRootDir;

  @JsonPropertyDescription("Extra hbase-site.xml / core-site.xml properties for clients of this cluster.")
  private Map<String, String> hbaseSite;

  private KerberosSpec kerberos;
}
