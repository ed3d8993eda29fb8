package io.hbasetunnel.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hbasetunnel.operator.cluster.HBaseClientProbe;
import io.hbasetunnel.operator.common.WorkerPodSettings;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.incremental.HttpSyncStatusSource;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hbase-tunnel-operator}: reconciles the task resources of one namespace. */
@Command(name = "hbase-tunnel-operator", mixinStandardHelpOptions = true,
    description = "Reconciles HBaseCluster, FullDataMigration and IncrementalSync into worker Jobs and Deployments.")
public final class OperatorMain implements Callable<Integer> {
  @Option(names = "--namespace", defaultValue = "${env:POD_NAMESPACE:-default}", description = "Namespace to watch.")
  String namespace;

  @Option(names = "--worker-image", defaultValue = "${env:WORKER_IMAGE:-ghcr.io/hbase-tunnel/hbase-tunnel:0.1.0}",
      description = "Image of the worker pods.")
  String workerImage;

  @Option(names = "--worker-command", split = " ", defaultValue = "worker", description = "Command that starts the worker.")
  List<String> workerCommand;

  @Option(names = "--staging-dir", defaultValue = "/hbase-tunnel-staging", description = "Staging dir on destinations' HDFS.")
  String stagingDir;

  @Option(names = "--worker-service-account", description = "Service account of worker pods.")
  String serviceAccount;

  @Option(names = "--job-deadline-seconds", defaultValue = "" + WorkerSettings.DEFAULT_JOB_DEADLINE_SECONDS,
      description = "activeDeadlineSeconds of every worker Job (one attempt); past it the Job fails with DeadlineExceeded"
          + " and the sub-task is FAILED (retry resumes from the checkpoints). 0: no deadline. Default: ${DEFAULT-VALUE}.")
  long jobDeadlineSeconds;

  @Option(names = "--worker-resources", defaultValue = WorkerPodSettings.DEFAULT_RESOURCES,
      description = "Resources of every worker container, as JSON (requests, limits). Default: ${DEFAULT-VALUE}.")
  String workerResources;

  @Option(names = "--worker-java-opts", defaultValue = WorkerPodSettings.DEFAULT_JAVA_OPTS,
      description = "JAVA_OPTS of every worker (after bin/hbase-tunnel's defaults: -Xmx here wins); empty: none.")
  String workerJavaOpts;

  @Option(names = "--worker-node-selector", defaultValue = WorkerPodSettings.DEFAULT_NODE_SELECTOR,
      description = "nodeSelector of every worker pod, as a JSON object of label: value. Default: ${DEFAULT-VALUE}.")
  String workerNodeSelector;

  @Option(names = "--worker-tolerations", defaultValue = WorkerPodSettings.DEFAULT_TOLERATIONS,
      description = "tolerations of every worker pod, as a JSON array of Kubernetes tolerations. Default: ${DEFAULT-VALUE}.")
  String workerTolerations;

  @Option(names = "--worker-status-port", defaultValue = "" + WorkerSettings.DEFAULT_STATUS_PORT,
      description = "Port of the copy and bulkload workers' GET /status (--status-port), read for live progress.")
  int workerStatusPort;

  @Option(names = "--leader-election", negatable = true, defaultValue = "true", description = "Run with a Lease (default on).")
  boolean leaderElection;

  @Option(names = "--http-port", defaultValue = "8080", description = "Port of /healthz, /readyz, /metrics.")
  int httpPort;

  @Option(names = "--time-zone", defaultValue = "${env:TZ:-UTC}", description = "Zone of status.syncDate.")
  String timeZone;

  public static void main(String[] args) {
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }

  @Spec
  CommandSpec spec;

  /** What worker pods get; a flag that does not parse stops the operator at start, saying which and why. */
  WorkerSettings workerSettings() {
    try {
      return new WorkerSettings(workerImage, workerCommand, stagingDir, serviceAccount, jobDeadlineSeconds, workerStatusPort,
          WorkerPodSettings.parse(workerResources, workerJavaOpts, workerNodeSelector, workerTolerations));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    WorkerSettings worker = workerSettings();
    KubernetesClient client = new KubernetesClientBuilder().build();
    HBaseTunnelOperator.Settings settings = new HBaseTunnelOperator.Settings(namespace,
        worker, new HBaseClientProbe(10_000),
        new HttpSyncStatusSource(), ZoneId.of(timeZone), leaderElection ? "hbase-tunnel-operator" : null,
        System.getenv().getOrDefault("POD_NAME", java.util.UUID.randomUUID().toString()));
    try (HBaseTunnelOperator operator = new HBaseTunnelOperator(client, settings).start();
        OperatorHttp http = new OperatorHttp(httpPort, operator::isReady, operator.metrics()::scrape)) {
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    } finally {
      client.close();
    }
    return 0;
  }
}
