package io.hbasetunnel.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Table;

/** One running minicluster: its configuration, a shared connection, and table helpers. */
public final class TestCluster implements AutoCloseable {
  private final String role;
  private final HBaseTestingUtility util;
  private final Connection connection;

  TestCluster(String role, HBaseTestingUtility util) throws IOException {
    this.role = role;
    this.util = util;
    this.connection = ConnectionFactory.createConnection(util.getConfiguration());
  }

  public String role() {
    return role;
  }

  public HBaseTestingUtility util() {
    return util;
  }

  /** A copy of the cluster's client configuration (ZooKeeper, HDFS, root dir). */
  public Configuration conf() {
    return new Configuration(util.getConfiguration());
  }

  public Connection connection() {
    return connection;
  }

  public Admin admin() throws IOException {
    return connection.getAdmin();
  }

  public Table table(String name) throws IOException {
    return connection.getTable(TableName.valueOf(name));
  }

  public FileSystem fileSystem() throws IOException {
    return FileSystem.get(util.getConfiguration());
  }

  /** A builder for a table on this cluster. */
  public TestTable.Builder createTable(String name) {
    return new TestTable.Builder(this, TableName.valueOf(name));
  }

  /**
   * Writes this cluster's client configuration as hbase-site.xml into a new directory, the form
   * the worker gets it in a pod (a mounted ConfigMap), and returns the directory.
   */
  public Path writeClientConfigDir(Path parent) throws IOException {
    Path dir = Files.createDirectories(parent.resolve(role + "-conf"));
    Configuration clientConf = new Configuration(false);
    for (String key : new String[] {
        "hbase.zookeeper.quorum", "hbase.zookeeper.property.clientPort", "zookeeper.znode.parent",
        "hbase.rootdir", "hbase.wal.dir", "fs.defaultFS", "hbase.bulkload.locality.sensitive.enabled"}) {
      String value = util.getConfiguration().get(key);
      if (value != null) {
        clientConf.set(key, value);
      }
    }
    try (var out = Files.newOutputStream(dir.resolve("hbase-site.xml"))) {
      clientConf.writeXml(out);
    }
    return dir;
  }

  /** The directory where this cluster's test data (HDFS, logs) lives. */
  public File dataDir() {
    return new File(util.getDataTestDir().toString());
  }

  @Override
  public void close() throws IOException {
    connection.close();
    util.shutdownMiniCluster();
  }
}
