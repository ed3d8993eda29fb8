package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** examples/argocd: Applications pointing at what exists, a valid migration, the health scripts installed verbatim. */
class ArgoCdExamplesTest {
  private static final Path EXAMPLES = ProjectFiles.ROOT.resolve("examples/argocd");

  @Test
  void chartApplicationPointsAtTheChartWithValidValues() throws IOException {
    JsonNode app = read(EXAMPLES.resolve("hbase-tunnel.yaml")).get(0);
    assertThat(app.path("kind").asText()).isEqualTo("Application");
    assertThat(ProjectFiles.ROOT.resolve(app.at("/spec/source/path").asText())).isEqualTo(ProjectFiles.CHART);
    // the values it sets must pass the chart's schema and render
    @SuppressWarnings("unchecked")
    Map<String, Object> values = CrdSchemas.YAML.treeToValue(app.at("/spec/source/helm/valuesObject"), Map.class);
    Path valuesFile = Files.createTempFile("argocd-values", ".yaml");
    Files.writeString(valuesFile, CrdSchemas.YAML.writeValueAsString(values));
    RenderedChart chart = RenderedChart.with(valuesFile, Map.of());
    assertThat(chart.ofKind("ServiceMonitor")).hasSize(1);
  }

  @Test
  void migrationApplicationHoldsValidTasksAfterTheirClusters() throws IOException {
    JsonNode app = read(EXAMPLES.resolve("migration.yaml")).get(0);
    Path dir = ProjectFiles.ROOT.resolve(app.at("/spec/source/path").asText());
    assertThat(app.at("/spec/syncPolicy/automated/prune").asBoolean(true)).as("deleting a task from git must not delete it").isFalse();
    List<JsonNode> manifests = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        manifests.addAll(read(file));
      }
    }
    CrdSchemas schemas = new CrdSchemas(ProjectFiles.CHART.resolve("crds"));
    List<String> clusters = new ArrayList<>();
    int clusterWave = Integer.MIN_VALUE;
    for (JsonNode m : manifests) {
      assertThat(schemas.problems(m)).as(m.at("/metadata/name").asText()).isEmpty();
      if (m.path("kind").asText().equals("HBaseCluster")) {
        clusters.add(m.at("/metadata/name").asText());
        clusterWave = Math.max(clusterWave, wave(m));
      }
    }
    List<JsonNode> tasks = manifests.stream().filter(m -> !m.path("kind").asText().equals("HBaseCluster")).toList();
    assertThat(tasks).isNotEmpty();
    for (JsonNode task : tasks) {
      assertThat(clusters).contains(task.at("/spec/source").asText(), task.at("/spec/destination").asText());
      assertThat(wave(task)).isGreaterThan(clusterWave);
    }
  }

  @Test
  void argocdConfigMapCarriesTheTestedScriptsVerbatim() throws IOException {
    JsonNode data = read(EXAMPLES.resolve("argocd-cm.yaml")).get(0).path("data");
    assertThat(data.path("resource.customizations.health.hbasetunnel.io_FullDataMigration").asText())
        .isEqualTo(ProjectFiles.read(ProjectFiles.CHART.resolve("argocd/fulldatamigration-health.lua")));
    assertThat(data.path("resource.customizations.health.hbasetunnel.io_IncrementalSync").asText())
        .isEqualTo(ProjectFiles.read(ProjectFiles.CHART.resolve("argocd/incrementalsync-health.lua")));
  }

  @Test
  void schemaCheckRefusesAnUnknownField() throws IOException {
    JsonNode task = CrdSchemas.YAML.readTree("{apiVersion: hbasetunnel.io/v1alpha1, kind: FullDataMigration, "
        + "metadata: {name: x}, spec: {source: a, destination: b, tables: [{name: t1}], bulkLoad: true}}");
    assertThat(new CrdSchemas(ProjectFiles.CHART.resolve("crds")).problems(task)).anyMatch(p -> p.contains("bulkLoad"));
  }

  private static int wave(JsonNode manifest) {
    return Integer.parseInt(manifest.at("/metadata/annotations").path("argocd.argoproj.io/sync-wave").asText("0"));
  }

  private static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> result = new ArrayList<>();
    for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
      if (!document.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        result.add(CrdSchemas.YAML.readTree(document));
      }
    }
    return result;
  }
}
