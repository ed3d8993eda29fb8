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
 * The seed document's own requests, sent with real curl exactly as written (host and port
 * replaced), answered in the seed's shapes key for key.
 */
@EnableKubernetesMockClient(crud = true)
class SeedCurlTest {
  static KubernetesClient client;
  private static GatewayFixture gateway;
  private static SeedDocument seed;

  @BeforeAll
  static void start() throws IOException {
    gateway = GatewayFixture.open(client);
    seed = new SeedDocument();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void seedHasTheExamplesThisTestReliesOn() throws IOException {
    assertThat(seed.curlExamples()).hasSize(4);
    assertThat(seed.responseExamples()).hasSize(9);
    assertThat(seed.operations()).extracting(o -> o[0] + " " + o[1]).contains(
        "GET /hbase/fulldata/{jobId}/detail", "GET /hbase/fulldata/{jobId}/abort", "GET /hbase/fulldata/{jobId}/del",
        "GET /hbase/fulldata/{jobId}/retry", "GET /hbase/incr/{jobId}/detai", "GET /hbase/incr/{jobId}/abort",
        "GET /hbase/incr/{jobId}/del", "GET /hbase/incr/{jobId}/retry", "POST /hbase/incr/update");
  }

  @Test
  void fullDataCallsOfTheSeedWorkAsWritten() throws Exception {
    List<JsonNode> shapes = seed.responseExamples();
    JsonNode created = curl(example("/hbase/fulldata/create"));
    assertSameShape(created, shapes.get(0));
    String id = created.get("message").asText();
    assertThat(id).matches("workflow-[0-9a-f]{32}");
    FullDataMigration task = client.resources(FullDataMigration.class).inNamespace(GatewayFixture.NAMESPACE).withName(id).get();
    assertThat(task.getSpec().getSource()).isEqualTo("hbase1");
    assertThat(task.getSpec().getTables()).extracting(t -> t.getName()).containsExactly("t1", "t2", "t3");
    assertThat(task.getSpec().getBulkload()).isTrue();
    assertThat(task.getSpec().getCreateTable()).isTrue();

    writeFullDataStatus(id);
    JsonNode list = curl(example("/hbase/fulldata"));
    assertSameShape(list, shapes.get(1));
    JsonNode tunnel = list.get("tunnels").get(0);
    assertThat(tunnel.get("src").asText()).isEqualTo("zk1.source.example,zk2.source.example");
    assertThat(tunnel.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(tunnel.get("schemeTasks").get(0).get("state").asText()).isEqualTo("SKIPPED");

    JsonNode detail = curl(operation("GET", "/hbase/fulldata/{jobId}/detail", id));
    assertSameShape(detail, shapes.get(1));
    assertThat(detail.get("tunnels").get(0).get("jobName").asText()).isEqualTo(id);

    assertSameShape(curl(operation("GET", "/hbase/fulldata/{jobId}/abort", id)), shapes.get(2));
    assertThat(fullData(id).getSpec().getPaused()).isTrue();
    assertSameShape(curl(operation("GET", "/hbase/fulldata/{jobId}/retry", id)), shapes.get(3));
    assertThat(fullData(id).getSpec().getPaused()).isFalse();
    assertThat(fullData(id).getSpec().getRetryNonce()).matches("[0-9a-f]{32}");
    assertSameShape(curl(operation("GET", "/hbase/fulldata/{jobId}/del", id)), shapes.get(2));
    assertThat(fullData(id)).isNull();
  }

  @Test
  void incrementalCallsOfTheSeedWorkAsWritten() throws Exception {
    List<JsonNode> shapes = seed.responseExamples();
    JsonNode created = curl(example("/hbase/incr/create"));
    assertSameShape(created, shapes.get(4));
    String id = created.get("message").asText();
    assertThat(id).matches("wal-[0-9a-f]{32}");
    assertThat(incremental(id).getSpec().getDisplayName()).isEqualTo("test1");

    // the seed's update example names job "xxx": an unknown id, answered as such
    JsonNode unknown = curl(example("/hbase/incr/update"));
    assertThat(unknown.get("success").asText()).isEqualTo("false");
    assertThat(unknown.get("message").asText()).contains("no incr task with id 'xxx'");
    JsonNode updated = curl(example("/hbase/incr/update").replace("jobId=xxx", "jobId=" + id).replace("t1,t2,t3", "t1,t4"));
    assertThat(updated.get("success").asText()).isEqualTo("true");
    assertThat(incremental(id).getSpec().getTables()).extracting(t -> t.getName()).containsExactly("t1", "t4");

    writeIncrementalStatus(id);
    JsonNode list = curl(operation("GET", "/hbase/incr", ""));
    assertSameShape(list, shapes.get(5));
    JsonNode tunnel = list.get("tunnels").get(0);
    assertThat(tunnel.get("tableNames")).extracting(JsonNode::asText).containsExactly("default:t1", "default:t4");
    // the seed's second example: synctime 1573651906518 is shown as 2019-11-13 21:31:46 (UTC+8)
    assertThat(tunnel.get("syncDate").asText()).isEqualTo("2019-11-13 21:31:46");
    assertThat(tunnel.get("offset").asLong()).isEqualTo(1573651478405L);
    assertThat(tunnel.get("name").asText()).isEqualTo("test1");

    JsonNode detai = curl(operation("GET", "/hbase/incr/{jobId}/detai", id));
    assertSameShape(detai, shapes.get(5));
    // the corrected spelling answers the same (not in the seed, so no check that it is documented)
    assertThat(curl("curl http://{BDSMaster}:12311/hbase/incr/" + id + "/detail")).isEqualTo(detai);

    assertSameShape(curl(operation("GET", "/hbase/incr/{jobId}/abort", id)), shapes.get(6));
    assertThat(incremental(id).getSpec().getPaused()).isTrue();
    assertSameShape(curl(operation("GET", "/hbase/incr/{jobId}/retry", id)), shapes.get(8));
    assertThat(incremental(id).getSpec().getPaused()).isFalse();
    assertSameShape(curl(operation("GET", "/hbase/incr/{jobId}/del", id)), shapes.get(7));
    assertThat(incremental(id)).isNull();
  }

  // --- helpers ----------------------------------------------------------------------------

  private static String example(String path) {
    return seed.curlExamples().stream().filter(c -> c.endsWith(":12311" + path)).findFirst().orElseThrow();
  }

  private static String operation(String method, String template, String id) {
    boolean documented = seed.operations().stream().anyMatch(o -> o[0].equals(method) && o[1].equals(template));
    assertThat(documented).as("%s %s is in the seed", method, template).isTrue();
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

  /** What the operator would write: sub-tasks per table, as the seed's listing shows them. */
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
