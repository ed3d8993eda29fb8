package io.hbasetunnel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.TaskSpecRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared list of bad specs (invalid-specs.yaml), through the two checks that live here: the
 * Java rules every path runs, and the committed CRDs' schema + CEL rules, which a real API server
 * runs on kubectl apply. Both refuse each spec and name the field.
 */
class InvalidSpecsTest {
  static Stream<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = InvalidSpecsTest.class.getResourceAsStream("/invalid-specs.yaml")) {
      for (JsonNode c : CrdSchema.YAML.readTree(in)) {
        for (String kind : List.of("FullDataMigration", "IncrementalSync")) {
          cases.add(Arguments.of(c.get("case").asText() + " (" + kind + ")", kind, c));
        }
      }
    }
    return cases.stream();
  }

  static ObjectNode manifest(String kind, JsonNode c) {
    ObjectNode manifest = CrdSchema.YAML.createObjectNode();
    manifest.put("apiVersion", "hbasetunnel.io/v1alpha1").put("kind", kind);
    manifest.putObject("metadata").put("name", "bad");
    ObjectNode spec = manifest.putObject("spec");
    spec.put("source", c.get("source").asText()).put("destination", c.get("destination").asText());
    spec.set("tables", c.get("tables"));
    return manifest;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSharedRulesRefuseItNamingTheField(String name, String kind, JsonNode c) throws Exception {
    JsonNode spec = manifest(kind, c).get("spec");
    List<TaskSpecRules.Problem> problems = kind.equals("FullDataMigration")
        ? TaskSpecRules.check(CrdSchema.YAML.treeToValue(spec, io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec.class))
        : TaskSpecRules.check(CrdSchema.YAML.treeToValue(spec, io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec.class));
    assertThat(problems).as(name).isNotEmpty();
    assertThat(problems.get(0).field()).isEqualTo(c.get("field").asText());
    assertThat(problems.get(0).toString()).contains(c.get("says").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theCrdRefusesItAsAnApiServerWouldNamingTheField(String name, String kind, JsonNode c) throws Exception {
    ObjectNode manifest = manifest(kind, c);
    Path crds = Path.of(System.getProperty("crds.committed"));
    String file = kind.equals("FullDataMigration") ? "fulldatamigrations.hbasetunnel.io-v1.yml" : "incrementalsyncs.hbasetunnel.io-v1.yml";
    assertThat(CrdSchema.load(crds.resolve(file)).validate(manifest)).as("the schema alone lets it in: CEL must refuse it").isEmpty();
    List<CrdCel.Violation> violations = CrdCel.load(crds.resolve(file)).create(manifest);
    assertThat(violations).as(name).anySatisfy(v -> {
      assertThat(v.field()).isEqualTo(c.get("celField").asText());
      assertThat(v.message()).contains(c.get("says").asText());
    });
  }

  static {
    // keep the kinds' classes loaded so a rename breaks this test at compile time
    List.of(FullDataMigration.class, IncrementalSync.class);
  }
}
