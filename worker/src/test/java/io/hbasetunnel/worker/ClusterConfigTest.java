package io.hbasetunnel.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.worker.hbase.ClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod's config directory: hbase-site.xml, and for Kerberos clusters the keytab beside it. */
class ClusterConfigTest {
  @TempDir
  Path dir;

  @Test
  void keytabBesideHbaseSiteIsUsedWhereverTheDirectoryIsMounted() throws Exception {
    Configuration site = new Configuration(false);
    site.set("hbase.zookeeper.quorum", "zk1,zk2");
    site.set("hbase.client.keytab.principal", "tunnel@EXAMPLE.COM");
    try (var out = Files.newOutputStream(dir.resolve("hbase-site.xml"))) {
      site.writeXml(out);
    }
    Files.writeString(dir.resolve("keytab"), "bytes");
    Configuration conf = ClusterConfig.load("source", dir, null);
    assertThat(conf.get("hbase.zookeeper.quorum")).isEqualTo("zk1,zk2");
    assertThat(conf.get("hbase.client.keytab.file")).isEqualTo(dir.resolve("keytab").toAbsolutePath().toString());
  }

  @Test
  void withoutKeytabNoKeytabIsConfigured() throws Exception {
    Configuration site = new Configuration(false);
    site.set("hbase.zookeeper.quorum", "zk1");
    try (var out = Files.newOutputStream(dir.resolve("hbase-site.xml"))) {
      site.writeXml(out);
    }
    assertThat(ClusterConfig.load("source", dir, null).get("hbase.client.keytab.file")).isNull();
  }
}
