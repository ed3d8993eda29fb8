package io.hbasetunnel.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.HBaseClusterSpec;
import io.hbasetunnel.local.api.EmbeddedApiServer;
import io.hbasetunnel.local.hbase.LocalHBase;
import io.hbasetunnel.local.hbase.SampleData;
import io.hbasetunnel.local.hbase.SampleWriter;
import io.hbasetunnel.local.pods.LocalPodRunner;
import io.hbasetunnel.operator.HBaseTunnelOperator;
import io.hbasetunnel.operator.cluster.HBaseClientProbe;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of the quickstart in one JVM: the embedded API server, the pod runner, the real operator
 * and gateway, and two real HBase clusters registered as HBaseCluster {@code hbase1} (source, with
 * sample tables) and {@code hbase2}. {@link #close()} stops it all in reverse order, worker processes
 * included.
 */
public final class Quickstart implements AutoCloseable {
  public static final String SOURCE = "hbase1";
  public static final String DESTINATION = "hbase2";
  private static final Logger LOG = LoggerFactory.getLogger(Quickstart.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** The mock API server logs every request at INFO (java.util.logging); kept here so the level sticks. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final QuickstartOptions options;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedApiServer api;
  private GatewayProcess gateway;
  private LocalHBase hbase;
  private Path kubeconfig;
  private Path readyFile;

  private Quickstart(QuickstartOptions options) {
    this.options = options;
  }

  /** Starts everything and returns once both clusters are registered and reachable. */
  public static Quickstart start(QuickstartOptions options) throws Exception {
    Quickstart quickstart = new Quickstart(options);
    try {
      quickstart.startAll();
      return quickstart;
    } catch (Exception e) {
      quickstart.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path workDir = Files.createDirectories(options.workDir().toAbsolutePath());
    // an earlier run's clusters and pods are of no use to this one (its clusters are new): free the disk
    deleteRecursively(workDir.resolve("hbase"));
    deleteRecursively(workDir.resolve("pods"));
    api = started(EmbeddedApiServer.start(options.apiPort(), options.namespace()));
    kubeconfig = api.writeKubeconfig(workDir.resolve("kubeconfig"));
    KubernetesClient client = api.client();
    LOG.info("Kubernetes API (embedded) at " + api.url() + ", kubeconfig " + kubeconfig);

    started(new LocalPodRunner(client, options.namespace(), Files.createDirectories(workDir.resolve("pods")),
        Map.of("JAVA_OPTS", options.workerJavaOpts())).start());
    WorkerSettings worker = new WorkerSettings("local", options.workerCommand(), "/hbase-tunnel-staging", null, null);
    started(new HBaseTunnelOperator(client, new HBaseTunnelOperator.Settings(options.namespace(), worker,
        new HBaseClientProbe(10_000), new LocalSyncStatusSource(), ZoneId.systemDefault(), null, "quickstart")).start());
    gateway = started(GatewayProcess.start(options.gatewayCommand(), options.gatewayPort(), options.namespace(), kubeconfig,
        workDir.resolve("gateway.log")));
    LOG.info("operator started (worker command " + options.workerCommand() + "), LTS API starting at " + gatewayUrl());

    hbase = started(LocalHBase.start(workDir.resolve("hbase")));
    if (options.sampleData()) {
      SampleData.create(hbase.source());
    }
    if (options.writerRate() > 0) {
      started(SampleWriter.start(hbase.source(), options.writerRate()));
    }
    register(client, SOURCE, hbase.source());
    register(client, DESTINATION, hbase.destination());
    awaitReachable(client, Duration.ofSeconds(60));
    gateway.awaitServing(Duration.ofSeconds(120));
    readyFile = writeReadyFile(workDir.resolve("quickstart.json"));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private <T extends AutoCloseable> T started(T component) {
    started.push(component);
    return component;
  }

  private void register(KubernetesClient client, String name, TestCluster cluster) {
    Map<String, Object> address = LocalHBase.address(cluster);
    HBaseClusterSpec spec = new HBaseClusterSpec();
    spec.setZookeeperQuorum((String) address.get("zookeeperQuorum"));
    spec.setZookeeperPort((Integer) address.get("zookeeperPort"));
    spec.setZnodeParent((String) address.get("znodeParent"));
    spec.setHdfsUri((String) address.get("hdfsUri"));
    spec.setHbaseRootDir((String) address.get("hbaseRootDir"));
    // a minicluster's one datanode: no locality to be sensitive about (docs/dependencies.md)
    spec.setHbaseSite(Map.of("hbase.bulkload.locality.sensitive.enabled", "false"));
    HBaseCluster resource = new HBaseCluster();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(options.namespace()).build());
    resource.setSpec(spec);
    client.resource(resource).create();
  }

  private void awaitReachable(KubernetesClient client, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    for (String name : List.of(SOURCE, DESTINATION)) {
      while (true) {
        HBaseCluster c = client.resources(HBaseCluster.class).inNamespace(options.namespace()).withName(name).get();
        if (c != null && c.getStatus() != null && Boolean.TRUE.equals(c.getStatus().getReachable())) {
          break;
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("HBaseCluster " + name + " not reachable after " + timeout + ": "
              + (c == null || c.getStatus() == null ? "no status" : c.getStatus().getMessage()));
        }
        Thread.sleep(200);
      }
    }
  }

  private Path writeReadyFile(Path file) throws IOException {
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("gatewayUrl", gatewayUrl());
    ready.put("statusPageUrl", gatewayUrl() + "/ui");
    ready.put("kubernetesApiUrl", api.url());
    ready.put("kubeconfig", kubeconfig.toString());
    ready.put("namespace", options.namespace());
    Map<String, Object> clusters = new LinkedHashMap<>();
    clusters.put(SOURCE, LocalHBase.address(hbase.source()));
    clusters.put(DESTINATION, LocalHBase.address(hbase.destination()));
    ready.put("clusters", clusters);
    ready.put("verifyCommand", verifyCommand("t1"));
    ready.put("podsDir", options.workDir().toAbsolutePath().resolve("pods").toString());
    JSON.writeValue(file.toFile(), ready);
    return file;
  }

  public String gatewayUrl() {
    return gateway.url();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path readyFile() {
    return readyFile;
  }

  public EmbeddedApiServer api() {
    return api;
  }

  /** A `worker verify` command line for one sample table, ready to paste. */
  public String verifyCommand(String table) {
    Map<String, Object> src = LocalHBase.address(hbase.source());
    Map<String, Object> dst = LocalHBase.address(hbase.destination());
    return String.join(" ", options.workerCommand()) + " verify --table " + table
        + " --source-zk " + src.get("zookeeperQuorum") + ":" + src.get("zookeeperPort") + ":" + src.get("znodeParent")
        + " --destination-zk " + dst.get("zookeeperQuorum") + ":" + dst.get("zookeeperPort") + ":" + dst.get("znodeParent");
  }

  public LocalHBase hbase() {
    return hbase;
  }

  /** Stops in reverse order of start: worker processes before the clusters they talk to. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("stopping {}: {}", component.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
