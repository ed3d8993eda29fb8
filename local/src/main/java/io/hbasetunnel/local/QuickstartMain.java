package io.hbasetunnel.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hbase-tunnel-quickstart} (./quickstart.sh): the whole product on this machine, until Ctrl-C.
 * A developer tool with its own launcher and lib/, not part of the production distribution.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = {"Runs two HBase clusters, an embedded Kubernetes API, the operator, the LTS API and a local pod runner in one JVM.",
        "Prints a line starting with READY and the path of a JSON file with every address once usable."})
public final class QuickstartMain implements Callable<Integer> {
  @Option(names = "--work-dir", defaultValue = "local-run", description = "Cluster data, pod sandboxes, kubeconfig (default ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--gateway-port", defaultValue = "12311", description = "Port of the LTS API (default ${DEFAULT-VALUE}).")
  int gatewayPort;

  @Option(names = "--api-port", defaultValue = "0", description = "Port of the embedded Kubernetes API (default: any free port).")
  int apiPort;

  @Option(names = "--no-sample-data", negatable = false, description = "Do not create the sample tables t1, t2, t3.")
  boolean noSampleData;

  @Option(names = "--writer", negatable = false, description = "Keep writing to the sample tables.")
  boolean writer;

  @Option(names = "--writer-rate", defaultValue = "20", description = "Mutations per second of --writer (default ${DEFAULT-VALUE}).")
  int writerRate;

  @Option(names = "--namespace", defaultValue = "default", description = "Namespace of the resources (default ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--worker-java-opts", defaultValue = "-Xmx768m", description = "JAVA_OPTS of worker processes (default ${DEFAULT-VALUE}).")
  String workerJavaOpts;

  public static void main(String[] args) {
    int code = new CommandLine(new QuickstartMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The user's JAVA_OPTS (e.g. a hosts-file flag) reach the workers too; --worker-java-opts comes last and wins. */
  private String workerJavaOpts() {
    String user = System.getenv("JAVA_OPTS");
    return user == null || user.isBlank() ? workerJavaOpts : user + " " + workerJavaOpts;
  }

  @Override
  public Integer call() throws Exception {
    Instant begin = Instant.now();
    QuickstartOptions options = new QuickstartOptions(workDir, apiPort, gatewayPort, !noSampleData, writer ? writerRate : 0,
        Launchers.command("worker"), Launchers.command("gateway"), workerJavaOpts(), namespace);
    Quickstart quickstart = Quickstart.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("stopping...");
      quickstart.close();
      stopped.countDown();
    }, "quickstart-stop"));
    System.out.println("READY in " + Duration.between(begin, Instant.now()).toSeconds() + " s: LTS API " + quickstart.gatewayUrl()
        + ", kubeconfig " + quickstart.kubeconfig() + ", details " + quickstart.readyFile());
    System.out.println("  status page: " + quickstart.gatewayUrl() + "/ui");
    System.out.println("  try: curl " + quickstart.gatewayUrl() + "/hbase/fulldata");
    System.out.println("       kubectl --kubeconfig " + quickstart.kubeconfig() + " get hbc,fdm,jobs,pods");
    System.out.println("       " + quickstart.verifyCommand("t1"));
    System.out.println("  Ctrl-C stops everything.");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
