package io.hbasetunnel.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compat-gateway}: serves the LTS HTTP API over the cluster's task resources. */
@Command(name = "compat-gateway", mixinStandardHelpOptions = true,
    description = "Lindorm Tunnel Service compatible HTTP API, backed by HBase Tunnel's custom resources.")
public final class GatewayMain implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "12311", description = "Port (default ${DEFAULT-VALUE}, as LTS).")
  int port;

  @Option(names = "--namespace", defaultValue = "${env:POD_NAMESPACE:-default}",
      description = "Namespace of the task resources (default: $POD_NAMESPACE, else default).")
  String namespace;

  @Option(names = "--allow-cidr", split = ",", defaultValue = "127.0.0.1/32,::1/128",
      description = "Client ranges allowed to call (LTS whitelist); default loopback only.")
  List<String> allowCidrs;

  @Option(names = "--trusted-proxy", split = ",", defaultValue = "",
      description = "Proxies whose X-Forwarded-For header is believed (e.g. the ingress's range).")
  List<String> trustedProxies;

  @Option(names = "--token-file", description = "File holding a bearer token that callers must send.")
  Path tokenFile;

  @Option(names = "--max-body-bytes", defaultValue = "65536", description = "Largest request body (default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--time-zone", defaultValue = "${env:TZ:-UTC}", description = "Zone of syncDate in listings.")
  String timeZone;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GatewayMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String token = tokenFile == null ? null : Files.readString(tokenFile).trim();
    GatewaySettings settings = new GatewaySettings(namespace, GatewaySettings.ranges(allowCidrs),
        GatewaySettings.ranges(trustedProxies.stream().filter(s -> !s.isBlank()).toList()), token, maxBodyBytes,
        ZoneId.of(timeZone));
    KubernetesClient client = new KubernetesClientBuilder().build();
    try (GatewayServer server = GatewayServer.create(client, settings).start(port)) {
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    } finally {
      client.close();
    }
    return 0;
  }
}
