package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /hbase/incr/update refuses what create refuses, and a refused update leaves the task's tables
 * alone; extraAttrs mappings become each table's targetName on create and on update.
 */
@EnableKubernetesMockClient(crud = true)
class TableInputTest {
  static KubernetesClient client;
  private static GatewayFixture gateway;
  private static String id;

  @BeforeAll
  static void createTask() throws Exception {
    gateway = GatewayFixture.open(client);
    String mapping = URLEncoder.encode("{\"tableMapping\":{\"t1\":\"c\"}}", StandardCharsets.UTF_8);
    GatewayFixture.Answer created = gateway.form("/hbase/incr/create",
        "name=chan&src=hbase1&dst=hbase2&tableNames=t1,t2&extraAttrs=" + mapping);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    id = created.body().get("message").asText();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void systemTablesAreRefused() throws Exception {
    for (String tables : List.of("hbase:meta", "t1,hbase:acl", "hbase:namespace")) {
      refused("jobId=" + id + "&tableNames=" + tables, "is an HBase system table");
    }
  }

  @Test
  void invalidOrCollidingTablesAreRefused() throws Exception {
    refused("jobId=" + id + "&tableNames=ns-x:t", "not a valid HBase table name");
    refused("jobId=" + id + "&tableNames=t2,default:t2", "is listed twice");
    // the task maps t1 to c: t1 and c would both be written to default:c
    refused("jobId=" + id + "&tableNames=t1,c", "'default:t1' and 'default:c' would both be written to 'default:c'");
  }

  @Test
  void foreignJobIdIsNotFound() throws Exception {
    GatewayFixture.Answer answer = gateway.form("/hbase/incr/update", "jobId=..%2F..%2Fetc&tableNames=t1");
    assertThat(answer.status()).as(answer.raw()).isEqualTo(404);
    assertThat(answer.body().get("message").asText()).startsWith("no such task: '");
  }

  @Test
  void validUpdateStillReplacesTheTables() throws Exception {
    GatewayFixture.Answer answer = gateway.form("/hbase/incr/update", "jobId=" + id + "&tableNames=t1,t3");
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(tables()).containsExactly("t1", "t3");
    assertThat(targets()).containsExactly("default:c", "");
    gateway.form("/hbase/incr/update", "jobId=" + id + "&tableNames=t1,t2");
    assertThat(tables()).containsExactly("t1", "t2");
    assertThat(targets()).containsExactly("default:c", "");
  }

  @Test
  void fullDataMappingsBecomeTargetNames() throws Exception {
    String mapping = URLEncoder.encode("{\"namespaceMapping\":{\"prod\":\"staging\"},\"tableMapping\":{\"prod:b\":\"x:b2\"}}",
        StandardCharsets.UTF_8);
    GatewayFixture.Answer created = gateway.form("/hbase/fulldata/create",
        "src=hbase1&dst=hbase2&tableNames=prod:a,prod:b,t1&extraAttrs=" + mapping);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    FullDataMigration task = client.resources(FullDataMigration.class).inNamespace(GatewayFixture.NAMESPACE)
        .withName(created.body().get("message").asText()).get();
    assertThat(task.getSpec().getTables()).extracting(TableSpec::getTargetName).containsExactly("staging:a", "x:b2", null);
  }

  private static void refused(String body, String message) throws Exception {
    List<String> before = tables();
    GatewayFixture.Answer answer = gateway.form("/hbase/incr/update", body);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
    assertThat(answer.body().get("success").asText()).isEqualTo("false");
    assertThat(answer.body().get("message").asText()).contains(message);
    assertThat(tables()).isEqualTo(before);
  }

  private static List<String> targets() {
    return client.resources(IncrementalSync.class).inNamespace(GatewayFixture.NAMESPACE).withName(id).get()
        .getSpec().getTables().stream().map(t -> t.getTargetName() == null ? "" : t.getTargetName()).toList();
  }

  private static List<String> tables() {
    return client.resources(IncrementalSync.class).inNamespace(GatewayFixture.NAMESPACE).withName(id).get()
        .getSpec().getTables().stream().map(TableSpec::getName).toList();
  }
}
