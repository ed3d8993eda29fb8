package io.hbasetunnel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every example manifest is valid against the generated CRDs; known-bad ones are rejected. */
class ManifestValidationTest {
  private static final Map<String, CrdSchema> SCHEMAS = new HashMap<>();

  @BeforeAll
  static void loadCrds() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("crds.committed")))) {
      for (Path crd : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
        CrdSchema schema = CrdSchema.load(crd);
        SCHEMAS.put(schema.kind(), schema);
      }
    }
    assertThat(SCHEMAS).containsOnlyKeys("HBaseCluster", "FullDataMigration", "IncrementalSync");
  }

  @Test
  void everyExampleIsValidAndEveryKindHasOne() throws IOException {
    List<JsonNode> examples = customResourceExamples();
    assertThat(examples).extracting(m -> m.get("kind").asText())
        .contains("HBaseCluster", "FullDataMigration", "IncrementalSync");
    for (JsonNode example : examples) {
      assertThat(SCHEMAS.get(example.get("kind").asText()).validate(example))
          .as("%s %s", example.get("kind").asText(), example.at("/metadata/name").asText())
          .isEmpty();
    }
  }

  @Test
  void examplesDeserializeIntoTheApiClasses() throws IOException {
    for (JsonNode example : customResourceExamples()) {
      Class<?> type = switch (example.get("kind").asText()) {
        case "HBaseCluster" -> HBaseCluster.class;
        case "FullDataMigration" -> FullDataMigration.class;
        default -> IncrementalSync.class;
      };
      assertThat(CrdSchema.YAML.treeToValue(example, type)).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0} is rejected")
  @CsvSource(delimiter = '|', value = {
    "fdm-no-source.yaml          | required property 'source' not found",
    "fdm-bad-table-name.yaml     | does not match the regex pattern",
    "fdm-empty-tables.yaml       | must have at least 1 items",
    "fdm-unknown-field.yaml      | 'bulkLoad' is not defined in the schema",
    "fdm-bad-compression.yaml    | does not have a value in the enumeration",
    "fdm-zero-parallelism.yaml   | must have a minimum value of 1",
    "isync-unknown-extra.yaml    | 'rateLimit' is not defined in the schema",
    "isync-no-tables.yaml        | required property 'tables' not found",
    "hbc-no-quorum.yaml          | required property 'zookeeperQuorum' not found",
    "hbc-bad-port.yaml           | must have a maximum value of 65535",
  })
  void invalidManifestIsRejected(String file, String expectedProblem) throws IOException {
    JsonNode manifest = CrdSchema.YAML.readTree(getClass().getResourceAsStream("/invalid/" + file));
    List<String> problems = SCHEMAS.get(manifest.get("kind").asText()).validate(manifest);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(expectedProblem));
  }

  private static List<JsonNode> customResourceExamples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("examples.dir")))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted()
          .map(ManifestValidationTest::read)
          .filter(m -> m.path("apiVersion").asText().startsWith("hbasetunnel.io/"))
          .toList();
    }
  }

  private static JsonNode read(Path file) {
    try {
      return CrdSchema.YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
