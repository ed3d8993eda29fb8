package io.hbasetunnel.worker.hbase;

import io.hbasetunnel.worker.cli.WorkerException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;

/**
 * Builds the client configuration of one cluster from a config directory (hbase-site.xml,
 * core-site.xml, hdfs-site.xml: a mounted ConfigMap in a pod) and/or a ZooKeeper address.
 */
public final class ClusterConfig {
  private static final String[] SITE_FILES = {"core-site.xml", "hdfs-site.xml", "hbase-site.xml"};

  private ClusterConfig() {}

  /**
   * @param role "source" or "destination", used in messages
   * @param confDir directory with *-site.xml files, or null
   * @param zk {@code host1,host2[:port][:/znode]}, or null; overrides the directory's ZooKeeper settings
   */
  public static Configuration load(String role, Path confDir, String zk) {
    if (confDir == null && zk == null) {
      throw WorkerException.badInput("no " + role + " cluster given: pass --" + role + "-conf DIR (with hbase-site.xml)"
          + " or --" + role + "-zk host1,host2:2181:/hbase");
    }
    Configuration conf = HBaseConfiguration.create();
    if (confDir != null) {
      if (!Files.isDirectory(confDir)) {
        throw WorkerException.badInput("--" + role + "-conf " + confDir + " is not a directory; give the directory that holds hbase-site.xml");
      }
      boolean any = false;
      for (String name : SITE_FILES) {
        Path file = confDir.resolve(name);
        if (Files.isRegularFile(file)) {
          conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
          any = true;
        }
      }
      if (!any) {
        throw WorkerException.badInput("--" + role + "-conf " + confDir + " holds no hbase-site.xml, core-site.xml or hdfs-site.xml");
      }
      useKerberosFiles(confDir, conf);
    }
    if (zk != null) {
      applyZooKeeper(role, conf, zk);
    }
    return conf;
  }

  /**
   * A Kerberos cluster's pod directory also holds {@code keytab} and {@code krb5.conf} (mounted by
   * the operator); the keytab's path depends on where the directory is mounted, so it is set here.
   */
  private static void useKerberosFiles(Path confDir, Configuration conf) {
    Path keytab = confDir.resolve("keytab");
    if (Files.isRegularFile(keytab)) {
      conf.set("hbase.client.keytab.file", keytab.toAbsolutePath().toString());
    }
    Path krb5 = confDir.resolve("krb5.conf");
    if (Files.isRegularFile(krb5) && System.getProperty("java.security.krb5.conf") == null) {
      System.setProperty("java.security.krb5.conf", krb5.toAbsolutePath().toString());
    }
  }

  private static void applyZooKeeper(String role, Configuration conf, String zk) {
    String[] parts = zk.split(":", 3);
    if (parts[0].isBlank()) {
      throw WorkerException.badInput("--" + role + "-zk '" + zk + "' has no host; expected host1,host2[:port][:/znode]");
    }
    conf.set(HConstants.ZOOKEEPER_QUORUM, parts[0]);
    if (parts.length > 1 && !parts[1].isEmpty()) {
      try {
        conf.setInt(HConstants.ZOOKEEPER_CLIENT_PORT, Integer.parseInt(parts[1]));
      } catch (NumberFormatException e) {
        throw WorkerException.badInput("--" + role + "-zk '" + zk + "': port '" + parts[1] + "' is not a number");
      }
    }
    if (parts.length > 2) {
      if (!parts[2].startsWith("/")) {
        throw WorkerException.badInput("--" + role + "-zk '" + zk + "': the znode parent must start with '/'");
      }
      conf.set(HConstants.ZOOKEEPER_ZNODE_PARENT, parts[2]);
    }
  }
}
