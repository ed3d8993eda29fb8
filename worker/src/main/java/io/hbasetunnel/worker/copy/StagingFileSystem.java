package io.hbasetunnel.worker.copy;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The HDFS client that writes staged files and checkpoints: its own instance (closed by the
 * caller), not the process-wide cached one, so its settings hold even where another component
 * created the cached client first.
 *
 * <p>Closing an HDFS file asks the NameNode to complete it; when the DataNode has not reported
 * the last block yet, the client sleeps and asks again, 400 ms the first time by default. The
 * report usually follows within milliseconds, and a copy closes several small files per unit
 * (staged files, checkpoints, load markers): measured on a 16-unit, 1 GB copy, 27 such sleeps
 * took 10.8 s summed over threads. Here the first retry comes after 20 ms (doubling after that,
 * as HDFS does), unless the cluster's configuration sets its own value.
 */
public final class StagingFileSystem {
  public static final String COMPLETE_RETRY_DELAY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  private static final int COMPLETE_RETRY_DELAY_MS = 20;

  private StagingFileSystem() {}

  static FileSystem open(Path root, Configuration destinationConf) throws IOException {
    return FileSystem.newInstance(root.toUri(), tuned(destinationConf));
  }

  public static Configuration tuned(Configuration destinationConf) {
    Configuration conf = new Configuration(destinationConf);
    if (!setByCluster(conf, COMPLETE_RETRY_DELAY)) {
      conf.setInt(COMPLETE_RETRY_DELAY, COMPLETE_RETRY_DELAY_MS);
    }
    return conf;
  }

  private static boolean setByCluster(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return false;
    }
    for (String source : sources) {
      if (!source.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }
}
