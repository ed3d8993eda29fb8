package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared list of bad specs (api's invalid-specs.yaml, the same the CRD and the operator are
 * tested with), sent with real curl as LTS calls: each is a 400 naming the parameter, nothing is
 * created. And incr/update may add and drop tables but not move a kept table to another target.
 */
@EnableKubernetesMockClient(crud = true)
class InvalidSpecsCurlTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static KubernetesClient client;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayFixture.open(client);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void everyBadSpecIsRefusedNamingTheParameterAndNothingIsCreated() throws Exception {
    JsonNode cases = YAML.readTree(Path.of("..", "api", "src", "test", "resources", "invalid-specs.yaml").toFile());
    assertThat(cases.size()).isGreaterThanOrEqualTo(8);
    for (JsonNode c : cases) {
      List<String> names = new ArrayList<>();
      ObjectNode mapping = GatewayFixture.JSON.createObjectNode();
      for (JsonNode table : c.get("tables")) {
        names.add(table.get("name").asText());
        if (table.has("targetName")) {
          mapping.put(table.get("name").asText(), table.get("targetName").asText());
        }
      }
      String form = "src=" + c.get("source").asText() + "&dst=" + c.get("destination").asText()
          + "&tableNames=" + String.join(",", names)
          + (mapping.isEmpty() ? "" : "&extraAttrs=" + URLEncoder.encode("{\"tableMapping\":" + mapping + "}", StandardCharsets.UTF_8));
      for (String call : List.of("/hbase/fulldata/create", "/hbase/incr/create")) {
        String body = call.contains("incr") ? "name=chan&" + form : form;
        String[] answer = curl(call, body);
        assertThat(answer[0]).as(c.get("case").asText() + " " + call + ": " + answer[1]).isEqualTo("400");
        JsonNode json = GatewayFixture.JSON.readTree(answer[1]);
        assertThat(json.get("success").asText()).isEqualTo("false");
        assertThat(json.get("message").asText()).as(c.get("case").asText())
            .contains(c.get("parameter").asText()).contains(c.get("says").asText());
      }
    }
    assertThat(client.resources(FullDataMigration.class).inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.resources(IncrementalSync.class).inAnyNamespace().list().getItems())
        .noneMatch(s -> "chan".equals(s.getSpec().getDisplayName()));
  }

  @Test
  void updateMayChangeTheTablesButNotMoveAKeptTableToAnotherTarget() throws Exception {
    // a sync applied with kubectl, its table written to a table of another name
    String id = IncrementalSync.ID_PREFIX + "0123456789abcdef0123456789abcdef";
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace(GatewayFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setDisplayName("kept");
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1", "archive:t1", null), new TableSpec("t2")));
    sync.setSpec(spec);
    client.resource(sync).create();

    // t1 listed again: the task has no mapping for it, so the gateway would write it to default:t1
    String[] moved = curl("/hbase/incr/update", "jobId=" + id + "&tableNames=t1,t3");
    assertThat(moved[0]).as(moved[1]).isEqualTo("400");
    assertThat(GatewayFixture.JSON.readTree(moved[1]).get("message").asText())
        .contains("spec.tables[0].targetName: t1 is written to archive:t1", "default:t1", "create a new task");
    assertThat(tables(id)).as("refused: nothing changed").containsExactly("t1", "t2");

    String[] dropped = curl("/hbase/incr/update", "jobId=" + id + "&tableNames=t2,t3");
    assertThat(dropped[0]).as(dropped[1]).isEqualTo("200");
    assertThat(tables(id)).as("tables come and go").containsExactly("t2", "t3");
  }

  private static List<String> tables(String id) {
    return client.resources(IncrementalSync.class).inNamespace(GatewayFixture.NAMESPACE).withName(id).get().getSpec()
        .getTables().stream().map(TableSpec::getName).toList();
  }

  /** POST with real curl: {status, body}. */
  private static String[] curl(String path, String form) throws Exception {
    Process process = new ProcessBuilder("curl", "-s", "-w", "\n%{http_code}", "-d", form,
        "-H", "Content-Type: application/x-www-form-urlencoded", "-X", "POST", gateway.url(path))
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    int newline = out.lastIndexOf('\n');
    return new String[] {out.substring(newline + 1).trim(), out.substring(0, newline)};
  }
}
