package io.hbasetunnel.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway ({@code hbase-tunnel gateway}) as a child process talking to the embedded API
 * through the kubeconfig. Its own JVM because its web server (Javalin, Jetty 11) and the HBase
 * miniclusters' HDFS (Jetty 9.4) cannot share one classpath.
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private GatewayProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the process; {@link #awaitServing} waits for it (it starts while the clusters do).
   *
   * @param command how to start {@code hbase-tunnel gateway} (see {@link Launchers#command})
   */
  static GatewayProcess start(List<String> command, int port, String namespace, Path kubeconfig, Path log) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of("--port", String.valueOf(port), "--namespace", namespace));
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().remove("KUBERNETES_MASTER");
    return new GatewayProcess(builder.start(), port, log);
  }

  void awaitServing(Duration timeout) throws InterruptedException, IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("the gateway exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url() + "/hbase/fulldata"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    close();
    throw new IOException("the gateway did not answer on port " + port + " within " + timeout + "; see " + log);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
