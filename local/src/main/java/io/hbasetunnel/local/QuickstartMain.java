package io.hbasetunnel.local;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hbase-tunnel quickstart}: the whole product on this machine, until Ctrl-C. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = {"Runs two HBase clusters, an embedded Kubernetes API, the operator, the LTS API and a local pod runner in one JVM.",
        "Prints a line starting with READY and the path of a JSON file with every address once usable."})
public final class QuickstartMain implements Callable<Integer> {
  /** Set by bin/hbase-tunnel: worker pods then run the distribution's own script. */
  static final String HOME_PROPERTY = "hbase.tunnel.home";

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

  @Override
  public Integer call() throws Exception {
    Instant begin = Instant.now();
    QuickstartOptions options = new QuickstartOptions(workDir, apiPort, gatewayPort, !noSampleData, writer ? writerRate : 0,
        workerCommand(), workerJavaOpts, namespace);
    Quickstart quickstart = Quickstart.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("stopping...");
      quickstart.close();
      stopped.countDown();
    }, "quickstart-stop"));
    System.out.println("READY in " + Duration.between(begin, Instant.now()).toSeconds() + " s: LTS API " + quickstart.gatewayUrl()
        + ", kubeconfig " + quickstart.kubeconfig() + ", details " + quickstart.readyFile());
    System.out.println("  try: curl " + quickstart.gatewayUrl() + "/hbase/fulldata");
    System.out.println("       kubectl --kubeconfig " + quickstart.kubeconfig() + " get hbc,fdm,jobs,pods");
    System.out.println("  Ctrl-C stops everything.");
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * The distribution's script when started by it; otherwise (tests, an IDE) this JVM's java and
   * classpath with the JDK 17 flags HBase needs.
   */
  static List<String> workerCommand() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && Files.isExecutable(Path.of(home, "bin", "hbase-tunnel"))) {
      return List.of(Path.of(home, "bin", "hbase-tunnel").toAbsolutePath().toString(), "worker");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String flags = System.getProperty("hbase.jvm.flags");
    if (flags != null && !flags.isBlank()) {
      command.addAll(Arrays.asList(flags.trim().split("\\s+")));
    } else {
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(a -> a.startsWith("--add-") || a.startsWith("-Dorg.apache.hbase") || a.startsWith("-Djdk.net.hosts.file"))
          .forEach(command::add);
    }
    command.add("-Xmx768m");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "worker"));
    return command;
  }
}
