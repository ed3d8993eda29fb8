package io.hbasetunnel.local.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The Kubernetes API of the quickstart: fabric8's mock server in CRUD mode on a loopback port, with
 * our CRDs loaded (so the status subresource works) and the discovery documents kubectl needs.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  /** The CRDs the api module generates into its jar. */
  private static final List<String> CRD_RESOURCES = List.of(
      "META-INF/fabric8/hbaseclusters.hbasetunnel.io-v1.yml",
      "META-INF/fabric8/fulldatamigrations.hbasetunnel.io-v1.yml",
      "META-INF/fabric8/incrementalsyncs.hbasetunnel.io-v1.yml");

  private final KubernetesMockServer server;
  private final KubernetesClient root;
  private final KubernetesClient client;
  private final String namespace;

  private EmbeddedApiServer(KubernetesMockServer server, KubernetesClient root, String namespace) {
    this.server = server;
    this.root = root;
    this.client = root.adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class).inNamespace(namespace);
    this.namespace = namespace;
  }

  /** @param port 0 for any free port */
  public static EmbeddedApiServer start(int port, String namespace) throws IOException {
    List<CustomResourceDefinition> crds = loadCrds();
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    DiscoveryDispatcher dispatcher = new DiscoveryDispatcher(new KubernetesMixedDispatcher(responses), crds);
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    KubernetesClient client = server.createClient();
    for (CustomResourceDefinition crd : crds) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    return new EmbeddedApiServer(server, client, namespace);
  }

  private static List<CustomResourceDefinition> loadCrds() throws IOException {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String resource : CRD_RESOURCES) {
      try (InputStream in = EmbeddedApiServer.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("CRD " + resource + " is not on the classpath (built by the api module)");
        }
        crds.add(Serialization.unmarshal(in, CustomResourceDefinition.class));
      }
    }
    return crds;
  }

  /** A client of the embedded API, its default namespace set. Closed with the server. */
  public KubernetesClient client() {
    return client;
  }

  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** Writes a kubeconfig for kubectl (plain HTTP, no credentials: the server listens on loopback only). */
  public Path writeKubeconfig(Path file) throws IOException {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: hbase-tunnel-local
          cluster:
            server: %s
        users:
        - name: quickstart
          user:
            token: quickstart
        contexts:
        - name: hbase-tunnel-local
          context:
            cluster: hbase-tunnel-local
            user: quickstart
            namespace: %s
        current-context: hbase-tunnel-local
        """.formatted(url(), namespace);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
    return file;
  }

  @Override
  public void close() {
    root.close();
    server.destroy();
  }
}
