package io.hbasetunnel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * A minicluster (HDFS, ZooKeeper, HBase) in a child JVM. For settings two clusters cannot have
 * in one JVM: HBase keeps some coprocessor state in JVM-wide singletons (the VisibilityController's
 * label service and label cache), so a second cluster with that coprocessor must run apart.
 * The child stops when its standard input closes ({@link #close}, or the test JVM dying).
 */
public final class SeparateJvmCluster implements AutoCloseable {
  private static final String CONF_FILE = "hbase-site.xml";
  private final Process process;
  private final Path confDir;
  private final Configuration conf;
  private final Connection connection;

  private SeparateJvmCluster(Process process, Path confDir) throws IOException {
    this.process = process;
    this.confDir = confDir;
    this.conf = org.apache.hadoop.hbase.HBaseConfiguration.create();
    conf.addResource(new org.apache.hadoop.fs.Path(confDir.resolve(CONF_FILE).toUri()));
    this.connection = ConnectionFactory.createConnection(conf);
  }

  /**
   * Starts the cluster and waits until it serves (at most 5 minutes).
   *
   * @param settings extra hbase-site settings of the cluster
   */
  public static SeparateJvmCluster start(String role, Path work, Map<String, String> settings) throws Exception {
    Path dir = Files.createDirectories(work.resolve(role + "-jvm"));
    Configuration overrides = new Configuration(false);
    settings.forEach(overrides::set);
    Path settingsFile = dir.resolve("settings.xml");
    try (OutputStream out = Files.newOutputStream(settingsFile)) {
      overrides.writeXml(out);
    }
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    String flags = System.getProperty("hbase.jvm.flags", "").trim();
    if (!flags.isEmpty()) {
      command.addAll(Arrays.asList(flags.split("\\s+")));
    }
    String hostsFile = System.getProperty("jdk.net.hosts.file");
    if (hostsFile != null) {
      command.add("-Djdk.net.hosts.file=" + hostsFile);
    }
    command.add("-Dtest.build.data.basedirectory=" + dir.resolve("data"));
    command.add(Child.class.getName());
    command.add(settingsFile.toString());
    command.add(confDir.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("cluster.log").toFile());
    // the test class path (surefire's, not its booter jar), by environment: no argument length limit
    builder.environment().put("CLASSPATH",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    Process process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(5);
    while (!Files.exists(confDir.resolve(CONF_FILE))) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(role + " cluster did not start; see " + dir.resolve("cluster.log"));
      }
      Thread.sleep(500);
    }
    return new SeparateJvmCluster(process, confDir);
  }

  /** A copy of the client configuration (ZooKeeper, HDFS, root dir). */
  public Configuration conf() {
    return new Configuration(conf);
  }

  /** The directory holding the client's hbase-site.xml: the worker's {@code --destination-conf}. */
  public Path confDir() {
    return confDir;
  }

  public Connection connection() {
    return connection;
  }

  public Admin admin() throws IOException {
    return connection.getAdmin();
  }

  @Override
  public void close() throws Exception {
    connection.close();
    process.getOutputStream().close();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** The child: starts the cluster, publishes its client config, and stops when stdin closes. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      HBaseTestingUtility util = new HBaseTestingUtility();
      Configuration conf = util.getConfiguration();
      conf.addResource(new org.apache.hadoop.fs.Path(Path.of(args[0]).toUri()));
      conf.setInt("hbase.regionserver.handler.count", 10);
      conf.setInt("hbase.master.handler.count", 10);
      conf.setBoolean("hbase.bulkload.locality.sensitive.enabled", false);
      util.startMiniCluster(StartMiniClusterOption.builder().numMasters(1).numRegionServers(1).numDataNodes(1).build());
      Configuration client = new Configuration(false);
      for (String key : new String[] {"hbase.zookeeper.quorum", "hbase.zookeeper.property.clientPort",
          "zookeeper.znode.parent", "hbase.rootdir", "fs.defaultFS", "hbase.bulkload.locality.sensitive.enabled"}) {
        String value = util.getConfiguration().get(key);
        if (value != null) {
          client.set(key, value);
        }
      }
      Path dir = Path.of(args[1]);
      Path tmp = dir.resolve(CONF_FILE + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        client.writeXml(out);
      }
      Files.move(tmp, dir.resolve(CONF_FILE), StandardCopyOption.ATOMIC_MOVE);
      try (InputStream in = System.in) {
        while (in.read() >= 0) {
          // until the parent closes our stdin or dies
        }
      }
      util.shutdownMiniCluster();
      System.exit(0);
    }
  }
}
