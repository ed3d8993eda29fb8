package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TaskState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LTS documentation's own requests (our record of them: {@link LtsApiExamples}), sent with
 * real curl exactly as written (host and port replaced), answered in the documented shapes key
 * for key.
 */
@EnableKubernetesMockClient(crud = true)
class LtsApiCurlTest {
  static KubernetesClient client;
  private static GatewayFixture gateway;
  private static LtsApiExamples api;

  @BeforeAll
  static void start() throws IOException {
    gateway = GatewayFixture.open(client);
    api = new LtsApiExamples();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void fixtureHasTheExamplesThisTestReliesOn() {
    assertThat(api.curlExamples()).hasSize(4);
    assertThat(api.responseExamples()).hasSize(9);
    assertThat(api.operations()).extracting(o -> o.method() + " " + o.path()).contains(
        "GET /hbase/fulldata/{jobId}/detail", "GET /hbase/fulldata/{jobId}/abort", "GET /hbase/fulldata/{jobId}/del",
        "GET /hbase/fulldata/{jobId}/retry", "GET /hbase/incr/{jobId}/detai", "GET /hbase/incr/{jobId}/abort",
        "GET /hbase/incr/{jobId}/del", "GET /hbase/incr/{jobId}/retry", "POST /hbase/incr/update");
    // each curl line calls its own operation, with the method and form parameters recorded for it
    for (LtsApiExamples.Operation o : api.operations()) {
      o.curl().ifPresent(line -> {
        assertThat(line).startsWith("curl ").endsWith(":12311" + o.path());
        assertThat(line.contains("-X POST")).as(line).isEqualTo(o.method().equals("POST"));
        Matcher body = Pattern.compile("-d \"([^\"]*)\"").matcher(line);
        if (body.find()) {
          for (String pair : body.group(1).split("&")) {
            assertThat(o.form()).as(line).contains(pair.substring(0, pair.indexOf('=')));
          }
        }
      });
    }
  }

  @Test
  void documentedFullDataCallsWorkAsWritten() throws Exception {
    JsonNode created = curl(api.curl("POST", "/hbase/fulldata/create"));
    assertSameShape(created, api.response("POST", "/hbase/fulldata/create"));
    String id = created.get("message").asText();
    assertThat(id).matches("workflow-[0-9a-f]{32}");
    FullDataMigration task = client.resources(FullDataMigration.class).inNamespace(GatewayFixture.NAMESPACE).withName(id).get();
    assertThat(task.getSpec().getSource()).isEqualTo("hbase1");
    assertThat(task.getSpec().getTables()).extracting(t -> t.getName()).containsExactly("t1", "t2", "t3");
    assertThat(task.getSpec().getBulkload()).isTrue();
    assertThat(task.getSpec().getCreateTable()).isTrue();

    writeFullDataStatus(id);
    JsonNode list = curl(api.curl("GET", "/hbase/fulldata"));
    assertSameShape(list, api.response("GET", "/hbase/fulldata"));
    JsonNode tunnel = list.get("tunnels").get(0);
    assertThat(tunnel.get("src").asText()).isEqualTo("zk1.source.example,zk2.source.example");
    assertThat(tunnel.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(tunnel.get("schemeTasks").get(0).get("state").asText()).isEqualTo("SKIPPED");

    JsonNode detail = curl(operation("GET", "/hbase/fulldata/{jobId}/detail", id));
    assertSameShape(detail, api.response("GET", "/hbase/fulldata"));
    assertThat(detail.get("tunnels").get(0).get("jobName").asText()).isEqualTo(id);

    assertSameShape(curl(operation("GET", "/hbase/fulldata/{jobId}/abort", id)), api.response("GET", "/hbase/fulldata/{jobId}/del"));
    assertThat(fullData(id).getSpec().getPaused()).isTrue();
    assertSameShape(curl(operation("GET", "/hbase/fulldata/{jobId}/retry", id)), api.response("GET", "/hbase/fulldata/{jobId}/retry"));
    assertThat(fullData(id).getSpec().getPaused()).isFalse();
    assertThat(fullData(id).getSpec().getRetryNonce()).matches("[0-9a-f]{32}");
    assertSameShape(curl(operation("GET", "/hbase/fulldata/{jobId}/del", id)), api.response("GET", "/hbase/fulldata/{jobId}/del"));
    assertThat(fullData(id)).isNull();
  }

  @Test
  void documentedIncrementalCallsWorkAsWritten() throws Exception {
    JsonNode created = curl(api.curl("POST", "/hbase/incr/create"));
    assertSameShape(created, api.response("POST", "/hbase/incr/create"));
    String id = created.get("message").asText();
    assertThat(id).matches("wal-[0-9a-f]{32}");
    assertThat(incremental(id).getSpec().getDisplayName()).isEqualTo("test1");

    // the documented update example names job "xxx": an unknown id, answered as such
    JsonNode unknown = curl(api.curl("POST", "/hbase/incr/update"));
    assertThat(unknown.get("success").asText()).isEqualTo("false");
    assertThat(unknown.get("message").asText()).contains("no incr task with id 'xxx'");
    JsonNode updated = curl(api.curl("POST", "/hbase/incr/update").replace("jobId=xxx", "jobId=" + id).replace("t1,t2,t3", "t1,t4"));
    assertThat(updated.get("success").asText()).isEqualTo("true");
    assertThat(incremental(id).getSpec().getTables()).extracting(t -> t.getName()).containsExactly("t1", "t4");

    writeIncrementalStatus(id);
    JsonNode list = curl(operation("GET", "/hbase/incr", ""));
    assertSameShape(list, api.response("GET", "/hbase/incr"));
    JsonNode tunnel = list.get("tunnels").get(0);
    assertThat(tunnel.get("tableNames")).extracting(JsonNode::asText).containsExactly("default:t1", "default:t4");
    // the documented listing's example: synctime 1573651906518 is shown as 2019-11-13 21:31:46 (UTC+8)
    assertThat(tunnel.get("syncDate").asText()).isEqualTo("2019-11-13 21:31:46");
    assertThat(tunnel.get("offset").asLong()).isEqualTo(1573651478405L);
    assertThat(tunnel.get("name").asText()).isEqualTo("test1");

    JsonNode detai = curl(operation("GET", "/hbase/incr/{jobId}/detai", id));
    assertSameShape(detai, api.response("GET", "/hbase/incr"));
    // the corrected spelling answers the same (not documented, so no check that it is)
    assertThat(curl("curl http://{BDSMaster}:12311/hbase/incr/" + id + "/detail")).isEqualTo(detai);

    assertSameShape(curl(operation("GET", "/hbase/incr/{jobId}/abort", id)), api.response("GET", "/hbase/incr/{jobId}/abort"));
    assertThat(incremental(id).getSpec().getPaused()).isTrue();
    assertSameShape(curl(operation("GET", "/hbase/incr/{jobId}/retry", id)), api.response("GET", "/hbase/incr/{jobId}/retry"));
    assertThat(incremental(id).getSpec().getPaused()).isFalse();
    assertSameShape(curl(operation("GET", "/hbase/incr/{jobId}/del", id)), api.response("GET", "/hbase/incr/{jobId}/del"));
    assertThat(incremental(id)).isNull();
  }

  // --- helpers ----------------------------------------------------------------------------

  private static String operation(String method, String template, String id) {
    assertThat(api.documents(method, template)).as("%s %s is documented", method, template).isTrue();
    return "curl http://{BDSMaster}:12311" + template.replace("{jobId}", id);
  }

  /** Runs the curl line with host and port replaced; -s and -w only add quiet output and the status. */
  private static JsonNode curl(String line) throws Exception {
    String local = line.replaceAll("\\{(LTSMaster|BDSMaster)}:12311", "127.0.0.1:" + gateway.server.port());
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}"));
    Matcher token = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(local.substring("curl ".length()));
    while (token.find()) {
      command.add(token.group(1) != null ? token.group(1) : token.group(2));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    int newline = out.lastIndexOf('\n');
    int status = Integer.parseInt(out.substring(newline + 1).trim());
    JsonNode body = GatewayFixture.JSON.readTree(out.substring(0, newline));
    assertThat(status).as(out).isLessThan(500);
    return body;
  }

  /** Same keys in the same order, same JSON types, recursively (arrays: against their first element). */
  static void assertSameShape(JsonNode actual, JsonNode expected) {
    assertThat(actual.getNodeType()).as("type of %s", actual).isEqualTo(expected.getNodeType());
    if (expected.isObject()) {
      List<String> expectedKeys = new ArrayList<>();
      expected.fieldNames().forEachRemaining(expectedKeys::add);
      List<String> actualKeys = new ArrayList<>();
      actual.fieldNames().forEachRemaining(actualKeys::add);
      assertThat(actualKeys).as("keys of %s", actual).containsExactlyElementsOf(expectedKeys);
      for (String key : expectedKeys) {
        assertSameShape(actual.get(key), expected.get(key));
      }
      if (expected.has("success")) {
        assertThat(actual.get("success").isTextual()).as("success is a string").isTrue();
      }
    } else if (expected.isArray() && !expected.isEmpty()) {
      for (Iterator<JsonNode> it = actual.elements(); it.hasNext(); ) {
        assertSameShape(it.next(), expected.get(0));
      }
    }
  }

  private static FullDataMigration fullData(String id) {
    return client.resources(FullDataMigration.class).inNamespace(GatewayFixture.NAMESPACE).withName(id).get();
  }

  private static IncrementalSync incremental(String id) {
    return client.resources(IncrementalSync.class).inNamespace(GatewayFixture.NAMESPACE).withName(id).get();
  }

  /** What the operator would write: sub-tasks per table, as the documented listing shows them. */
  private static void writeFullDataStatus(String id) {
    FullDataMigration task = fullData(id);
    FullDataMigrationStatus status = new FullDataMigrationStatus();
    status.setState(TaskState.SUCCEEDED);
    for (String table : List.of("t1", "t2", "t3")) {
      TableMigrationStatus t = new TableMigrationStatus();
      t.setTable(table);
      t.setSchemeTask(new SubTask(java.util.UUID.randomUUID().toString(), TaskState.SKIPPED));
      t.setFullTask(new SubTask("fulldata-" + TaskIds.hex(), TaskState.SUCCEEDED));
      t.setBulkloadTask(new SubTask("bulkload-" + TaskIds.hex(), TaskState.SUCCEEDED));
      status.getTables().add(t);
    }
    task.setStatus(status);
    client.resources(FullDataMigration.class).inNamespace(GatewayFixture.NAMESPACE).resource(task).updateStatus();
  }

  private static void writeIncrementalStatus(String id) {
    IncrementalSync task = incremental(id);
    IncrementalSyncStatus status = new IncrementalSyncStatus();
    status.setState(TaskState.RUNNING);
    status.setOffset(1573651478405L);
    status.setSynctime(1573651906518L);
    task.setStatus(status);
    client.resources(IncrementalSync.class).inNamespace(GatewayFixture.NAMESPACE).resource(task).updateStatus();
  }
}
