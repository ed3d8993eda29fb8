package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.HBaseClusterSpec;
import io.hbasetunnel.api.v1alpha1.KerberosSpec;
import io.hbasetunnel.operator.cluster.ClusterProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HBaseCluster: probe result in status, client config rendered for workers, health and metrics. */
@EnableKubernetesMockClient(crud = true)
class HBaseClusterReconcilerTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.alone();

  @AfterAll
  static void stop() {
    OperatorFixture.PROBE.set(new ClusterProbe.Result(true, "2.6.1", "reachable"));
  }

  @Test
  void reachableClusterGetsVersionAndAClientConfigWithoutSecrets() {
    String keytab = java.util.Base64.getEncoder().encodeToString("KEYTAB-BYTES".getBytes());
    client.secrets().inNamespace(OperatorFixture.NAMESPACE).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("prod-keytab").endMetadata().withData(Map.of("tunnel.keytab", keytab)).build()).create();
    client.configMaps().inNamespace(OperatorFixture.NAMESPACE).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("krb5").endMetadata().withData(Map.of("krb5.conf", "[libdefaults]\n default_realm = EXAMPLE.COM\n"))
        .build()).create();
    HBaseCluster cluster = cluster("prod", "zk1,zk2");
    KerberosSpec kerberos = new KerberosSpec();
    kerberos.setPrincipal("tunnel@EXAMPLE.COM");
    kerberos.setKeytabSecret(new SecretKeySelector("tunnel.keytab", "prod-keytab", false));
    kerberos.setKrb5ConfigMap(new io.fabric8.kubernetes.api.model.ConfigMapKeySelector("krb5.conf", "krb5", false));
    cluster.getSpec().setKerberos(kerberos);
    cluster.getSpec().setHbaseSite(Map.of("hbase.rpc.timeout", "60000"));
    client.resource(cluster).create();
    await().until(() -> status("prod") != null && Boolean.TRUE.equals(status("prod").getReachable()));
    assertThat(status("prod").getHbaseVersion()).isEqualTo("2.6.1");
    assertThat(status("prod").getAddress()).isEqualTo("zk1,zk2");
    ConfigMap config = client.configMaps().inNamespace(OperatorFixture.NAMESPACE).withName("prod-hbase-site").get();
    String xml = config.getData().get("hbase-site.xml");
    assertThat(xml).contains("<name>hbase.zookeeper.quorum</name><value>zk1,zk2</value>",
        "<name>hbase.rpc.timeout</name><value>60000</value>", "<name>hbase.client.keytab.principal</name><value>tunnel@EXAMPLE.COM");
    assertThat(xml).doesNotContain("KEYTAB").doesNotContain(keytab);
    assertThat(config.getData().get("krb5.conf")).contains("default_realm = EXAMPLE.COM");
    // the keytab is copied into the Secret the worker pods mount beside hbase-site.xml
    var copied = client.secrets().inNamespace(OperatorFixture.NAMESPACE).withName("prod-tunnel-keytab").get();
    assertThat(copied.getData()).containsEntry("keytab", keytab);
    assertThat(client.resources(HBaseCluster.class).inNamespace(OperatorFixture.NAMESPACE).withName("prod").get()
        .getStatus().toString()).doesNotContain(keytab);
  }

  @Test
  void missingKeytabSecretIsReportedWithTheFix() {
    HBaseCluster cluster = cluster("nokeytab", "zk1");
    KerberosSpec kerberos = new KerberosSpec();
    kerberos.setPrincipal("tunnel@EXAMPLE.COM");
    kerberos.setKeytabSecret(new SecretKeySelector("k", "absent", false));
    kerberos.setKrb5ConfigMap(new io.fabric8.kubernetes.api.model.ConfigMapKeySelector("krb5.conf", "krb5", false));
    cluster.getSpec().setKerberos(kerberos);
    client.resource(cluster).create();
    await().until(() -> status("nokeytab") != null && Boolean.FALSE.equals(status("nokeytab").getReachable()));
    assertThat(status("nokeytab").getMessage()).contains("Secret absent with key k (the keytab) not found");
  }

  @Test
  void unreachableClusterSaysWhyAndRaisesAWarningEvent() {
    OperatorFixture.PROBE.set(new ClusterProbe.Result(false, null, "no answer within 10000 ms; check the ZooKeeper quorum"));
    client.resource(cluster("down", "nowhere")).create();
    await().until(() -> status("down") != null && Boolean.FALSE.equals(status("down").getReachable()));
    assertThat(status("down").getMessage()).contains("no answer within");
    await().until(() -> client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .anyMatch(e -> "down".equals(e.getInvolvedObject().getName()) && "Unreachable".equals(e.getReason())));
  }

  @Test
  void healthReadinessAndMetricsAreServed() throws Exception {
    try (OperatorHttp http = new OperatorHttp(0, OPERATOR.operator()::isReady, OPERATOR.operator().metrics()::scrape)) {
      HttpClient httpClient = HttpClient.newHttpClient();
      assertThat(get(httpClient, http.port(), "/healthz").statusCode()).isEqualTo(200);
      await().until(() -> get(httpClient, http.port(), "/readyz").statusCode() == 200);
      client.resource(cluster("metered", "zk9")).create();
      await().until(() -> get(httpClient, http.port(), "/metrics").body().contains("hbasetunnel_reconcile_seconds"));
      String metrics = get(httpClient, http.port(), "/metrics").body();
      assertThat(metrics).contains("hbasetunnel_tasks{kind=\"FullDataMigration\",state=\"RUNNING\"}",
          "hbasetunnel_reconcile_seconds", "hbasetunnel_sync_lag_max_ms");
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HBaseCluster cluster(String name, String quorum) {
    HBaseCluster cluster = new HBaseCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(OperatorFixture.NAMESPACE).build());
    HBaseClusterSpec spec = new HBaseClusterSpec();
    spec.setZookeeperQuorum(quorum);
    cluster.setSpec(spec);
    return cluster;
  }

  private static io.hbasetunnel.api.v1alpha1.HBaseClusterStatus status(String name) {
    HBaseCluster c = client.resources(HBaseCluster.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
    return c == null ? null : c.getStatus();
  }
}
