package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** create -> list -> abort -> retry -> del for both kinds, and what each does to the resource. */
@EnableKubernetesMockClient(crud = true)
class LifecycleTest {
  static KubernetesClient client;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws IOException {
    gateway = GatewayFixture.open(client);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void fullDataLifecycleWithExtraAttrs() throws Exception {
    String extra = URLEncoder.encode("{\"parallelism\":4,\"rateLimitMBps\":100,\"compression\":\"ZSTD\","
        + "\"columnFamilies\":[\"d\"],\"startTime\":1000,\"endTime\":2000}", StandardCharsets.UTF_8);
    JsonNode created = gateway.form("/hbase/fulldata/create",
        "src=hbase1&dst=hbase2&tableNames=ns:t1,%20t2&bulkload=false&createTable=true&extraAttrs=" + extra).body();
    String id = created.get("message").asText();
    FullDataMigration task = resource(FullDataMigration.class, id);
    assertThat(task.getSpec().getBulkload()).isFalse();
    assertThat(task.getSpec().getTables()).extracting(t -> t.getName()).containsExactly("ns:t1", "t2");
    assertThat(task.getSpec().getExtraAttrs().getParallelism()).isEqualTo(4);
    assertThat(task.getSpec().getExtraAttrs().getCompression().name()).isEqualTo("ZSTD");
    assertThat(task.getMetadata().getLabels()).containsEntry(LtsApi.MANAGED_BY, LtsApi.GATEWAY);

    JsonNode list = gateway.send("GET", "/hbase/fulldata", null, null).body();
    assertThat(list.get("tunnels")).extracting(t -> t.get("jobName").asText()).contains(id);
    JsonNode listed = list.get("tunnels").get(0);
    assertThat(listed.get("state").asText()).isEqualTo("PENDING");
    assertThat(listed.get("dst").asText()).isEqualTo("zk1.destination.example");

    assertThat(gateway.send("GET", "/hbase/fulldata/" + id + "/abort", null, null).body().get("message").asText()).isEqualTo("ok");
    assertThat(resource(FullDataMigration.class, id).getSpec().getPaused()).isTrue();
    gateway.send("POST", "/hbase/fulldata/" + id + "/retry", null, null);
    FullDataMigration retried = resource(FullDataMigration.class, id);
    assertThat(retried.getSpec().getPaused()).isFalse();
    String nonce = retried.getSpec().getRetryNonce();
    gateway.send("GET", "/hbase/fulldata/" + id + "/retry", null, null);
    assertThat(resource(FullDataMigration.class, id).getSpec().getRetryNonce()).isNotEqualTo(nonce);
    assertThat(gateway.send("GET", "/hbase/fulldata/" + id + "/del", null, null).body().get("success").asText()).isEqualTo("true");
    assertThat(resource(FullDataMigration.class, id)).isNull();
    assertThat(gateway.send("GET", "/hbase/fulldata/" + id + "/detail", null, null).status()).isEqualTo(404);
  }

  @Test
  void incrementalLifecycleAndDuplicateNames() throws Exception {
    String id = gateway.form("/hbase/incr/create", "name=orders&src=hbase1&dst=hbase2&tableNames=t1&createTable=false")
        .body().get("message").asText();
    GatewayFixture.Answer duplicate = gateway.form("/hbase/incr/create", "name=orders&src=hbase1&dst=hbase2&tableNames=t9");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.body().get("message").asText()).contains("an incr task named 'orders' exists already");
    assertThat(client.resources(IncrementalSync.class).inAnyNamespace().list().getItems()).hasSize(1);

    JsonNode listed = gateway.send("GET", "/hbase/incr", null, null).body().get("tunnels").get(0);
    assertThat(listed.get("jobId").asText()).isEqualTo(id);
    assertThat(listed.get("state").asText()).isEqualTo("PENDING");
    assertThat(listed.get("syncDate").asText()).isEmpty();

    gateway.send("POST", "/hbase/incr/" + id + "/abort", null, null);
    assertThat(resource(IncrementalSync.class, id).getSpec().getPaused()).isTrue();
    gateway.send("GET", "/hbase/incr/" + id + "/retry", null, null);
    assertThat(resource(IncrementalSync.class, id).getSpec().getPaused()).isFalse();
    assertThat(resource(IncrementalSync.class, id).getSpec().getRetryNonce()).isNotBlank();
    gateway.send("GET", "/hbase/incr/" + id + "/del", null, null);
    assertThat(resource(IncrementalSync.class, id)).isNull();
  }

  private static <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>> T resource(Class<T> type, String id) {
    return client.resources(type).inNamespace(GatewayFixture.NAMESPACE).withName(id).get();
  }
}
