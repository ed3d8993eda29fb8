package io.hbasetunnel.worker.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.junit.jupiter.api.Test;

class StagingFileSystemTest {

  @Test
  void closingAFileRetriesAfter20MsInsteadOfHdfsDefault400() {
    Configuration cluster = new HdfsConfiguration();
    assertThat(cluster.getInt(StagingFileSystem.COMPLETE_RETRY_DELAY, 0)).isEqualTo(400);
    assertThat(StagingFileSystem.tuned(cluster).getInt(StagingFileSystem.COMPLETE_RETRY_DELAY, 0)).isEqualTo(20);
    assertThat(cluster.getInt(StagingFileSystem.COMPLETE_RETRY_DELAY, 0)).as("the caller's conf is not changed").isEqualTo(400);
  }

  @Test
  void aValueFromTheClustersOwnConfigurationIsKept() {
    Configuration cluster = new HdfsConfiguration();
    cluster.addResource(new ByteArrayInputStream(("<configuration><property><name>" + StagingFileSystem.COMPLETE_RETRY_DELAY
        + "</name><value>150</value></property></configuration>").getBytes(StandardCharsets.UTF_8)), "hdfs-site.xml");
    assertThat(StagingFileSystem.tuned(cluster).getInt(StagingFileSystem.COMPLETE_RETRY_DELAY, 0)).isEqualTo(150);
  }
}
