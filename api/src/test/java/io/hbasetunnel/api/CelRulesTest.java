package io.hbasetunnel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TaskSpecRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The CRDs' CEL rules, evaluated with Google's CEL implementation against objects a user could
 * apply: the mock API server used elsewhere does not run them, a real one does.
 */
class CelRulesTest {
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS) // has(), all(), exists() as Kubernetes offers them
      .addVar("self", SimpleType.DYN).build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  @Test
  void anIncrementalSyncRefusesCopyOnlyExtraAttrsAndAcceptsItsOwn() throws Exception {
    JsonNode extraAttrs = CrdSchema.YAML.readTree(Files.readString(
        Path.of(System.getProperty("crds.committed"), "incrementalsyncs.hbasetunnel.io-v1.yml")))
        .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/extraAttrs");
    JsonNode rules = extraAttrs.get("x-kubernetes-validations");
    assertThat(rules).as("CEL rules on extraAttrs").isNotNull().hasSize(1);
    String rule = rules.get(0).get("rule").asText();

    assertThat(holds(rule, Map.of("startTime", 5L, "parallelism", 2L, "columnFamilies", java.util.List.of("d"))))
        .isTrue();
    assertThat(holds(rule, Map.of())).isTrue();
    for (String copyOnly : io.hbasetunnel.api.v1alpha1.ExtraAttrs.COPY_ONLY_KEYS) {
      assertThat(holds(rule, Map.of("startTime", 5L, copyOnly, 1L))).as(copyOnly).isFalse();
    }
    assertThat(rules.get(0).get("message").asText()).contains("apply to full-data migrations only");
  }

  @Test
  void everyExampleTaskPassesTheRulesAndTheCel() throws Exception {
    int checked = 0;
    try (var files = Files.list(Path.of(System.getProperty("examples.dir")))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (JsonNode manifest : CrdSchema.YAML.readValues(CrdSchema.YAML.createParser(file.toFile()), JsonNode.class).readAll()) {
          String kind = manifest.path("kind").asText();
          if (!kind.equals("FullDataMigration") && !kind.equals("IncrementalSync")) {
            continue;
          }
          assertThat(cel(kind).create(manifest)).as(file + " " + kind).isEmpty();
          assertThat(kind.equals("FullDataMigration")
              ? TaskSpecRules.check(CrdSchema.YAML.treeToValue(manifest.get("spec"), FullDataMigrationSpec.class))
              : TaskSpecRules.check(CrdSchema.YAML.treeToValue(manifest.get("spec"), IncrementalSyncSpec.class)))
              .as(file + " " + kind).isEmpty();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"FullDataMigration", "IncrementalSync"})
  void sourceDestinationAndATablesTargetAreImmutableButTablesMayComeAndGo(String kind) throws Exception {
    CrdCel rules = cel(kind);
    assertThat(rules.transitionRules()).as("transition rules: source, destination, tables").isEqualTo(3);
    JsonNode old = task(kind, "hbase1", "hbase2", "{\"name\":\"t1\",\"targetName\":\"ns2:t1\"}", "{\"name\":\"t2\"}");

    assertThat(rules.update(old, old)).isEmpty();
    assertThat(rules.update(old, task(kind, "hbase1", "hbase2", "{\"name\":\"default:t1\",\"targetName\":\"ns2:t1\"}",
        "{\"name\":\"t3\"}"))).as("t2 removed, t3 added, t1 respelled: all fine").isEmpty();

    assertThat(rules.update(old, task(kind, "hbase3", "hbase2", "{\"name\":\"t1\",\"targetName\":\"ns2:t1\"}")))
        .extracting(CrdCel.Violation::toString).singleElement().asString()
        .startsWith("spec.source: cannot change").contains("create a new task");
    assertThat(rules.update(old, task(kind, "hbase1", "hbase3", "{\"name\":\"t1\",\"targetName\":\"ns2:t1\"}")))
        .extracting(CrdCel.Violation::toString).singleElement().asString()
        .startsWith("spec.destination: cannot change").contains("create a new task");
    assertThat(rules.update(old, task(kind, "hbase1", "hbase2", "{\"name\":\"t1\",\"targetName\":\"ns3:t1\"}")))
        .extracting(CrdCel.Violation::toString).singleElement().asString()
        .startsWith("spec.tables: a table's targetName cannot change").contains("create a new task");
    assertThat(rules.update(old, task(kind, "hbase1", "hbase2", "{\"name\":\"t1\",\"targetName\":\"ns2:t1\"}",
        "{\"name\":\"t2\",\"targetName\":\"t2_copy\"}"))).as("t2 had no targetName: its target was t2")
        .extracting(CrdCel.Violation::field).containsExactly("spec.tables");
    // the same decisions by the Java rules the operator and the gateway run
    assertThat(changes(kind, old, task(kind, "hbase1", "hbase2", "{\"name\":\"default:t1\",\"targetName\":\"ns2:t1\"}",
        "{\"name\":\"t3\"}"))).isEmpty();
    assertThat(changes(kind, old, task(kind, "hbase3", "hbase4", "{\"name\":\"t1\",\"targetName\":\"ns2:t1\"}",
        "{\"name\":\"t2\",\"targetName\":\"t2_copy\"}"))).extracting(TaskSpecRules.Problem::field)
        .containsExactly("spec.source", "spec.destination", "spec.tables[1].targetName");
  }

  private static List<TaskSpecRules.Problem> changes(String kind, JsonNode before, JsonNode after) throws Exception {
    return kind.equals("FullDataMigration")
        ? TaskSpecRules.changes(CrdSchema.YAML.treeToValue(before.get("spec"), FullDataMigrationSpec.class),
            CrdSchema.YAML.treeToValue(after.get("spec"), FullDataMigrationSpec.class))
        : TaskSpecRules.changes(CrdSchema.YAML.treeToValue(before.get("spec"), IncrementalSyncSpec.class),
            CrdSchema.YAML.treeToValue(after.get("spec"), IncrementalSyncSpec.class));
  }

  private static JsonNode task(String kind, String source, String destination, String... tables) throws Exception {
    return CrdSchema.YAML.readTree("{\"apiVersion\":\"hbasetunnel.io/v1alpha1\",\"kind\":\"" + kind + "\","
        + "\"metadata\":{\"name\":\"t\"},\"spec\":{\"source\":\"" + source + "\",\"destination\":\"" + destination
        + "\",\"tables\":[" + String.join(",", tables) + "]}}");
  }

  private static CrdCel cel(String kind) throws Exception {
    return CrdCel.load(Path.of(System.getProperty("crds.committed"), kind.equals("FullDataMigration")
        ? "fulldatamigrations.hbasetunnel.io-v1.yml" : "incrementalsyncs.hbasetunnel.io-v1.yml"));
  }

  private static boolean holds(String rule, Map<String, Object> self) throws Exception {
    var ast = COMPILER.compile(rule).getAst();
    return (Boolean) RUNTIME.createProgram(ast).eval(Map.of("self", self));
  }
}
