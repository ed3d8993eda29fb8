package io.hbasetunnel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.HBaseClusterSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

/** A gateway on a random port over the fabric8 mock API server (CRUD mode) with the CRDs loaded. */
final class GatewayFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String NAMESPACE = "test";
  /** The zone of the LTS documentation's example times (UTC+8). */
  static final ZoneId EXAMPLES_ZONE = ZoneId.of("Asia/Shanghai");

  final KubernetesClient client;
  final GatewayServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  GatewayFixture(KubernetesClient client, List<String> allow, List<String> proxies, String token) throws IOException {
    this.client = client;
    loadCrds(client);
    if (client.resources(HBaseCluster.class).inNamespace(NAMESPACE).withName("hbase1").get() == null) {
      registerCluster("hbase1", "zk1.source.example,zk2.source.example");
      registerCluster("hbase2", "zk1.destination.example");
    }
    GatewaySettings settings = new GatewaySettings(NAMESPACE, GatewaySettings.ranges(allow),
        GatewaySettings.ranges(proxies), token, 65536, EXAMPLES_ZONE);
    this.server = GatewayServer.create(client, settings).start(0);
  }

  static GatewayFixture open(KubernetesClient client) throws IOException {
    return new GatewayFixture(client, List.of("127.0.0.1/32", "::1/128"), List.of(), null);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  record Answer(int status, JsonNode body, String raw) {}

  Answer send(String method, String path, String contentType, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    return new Answer(response.statusCode(), json, response.body());
  }

  Answer form(String path, String body) throws Exception {
    return send("POST", path, "application/x-www-form-urlencoded", body);
  }

  void registerCluster(String name, String quorum) {
    HBaseCluster cluster = new HBaseCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    HBaseClusterSpec spec = new HBaseClusterSpec();
    spec.setZookeeperQuorum(quorum);
    cluster.setSpec(spec);
    client.resources(HBaseCluster.class).inNamespace(NAMESPACE).resource(cluster).create();
  }

  /** Loads the generated CRDs unless this mock server has them already (one per test class). */
  static void loadCrds(KubernetesClient client) throws IOException {
    if (!client.apiextensions().v1().customResourceDefinitions().list().getItems().isEmpty()) {
      return;
    }
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("crds.dir")))) {
      for (Path crd : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
        client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      }
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
