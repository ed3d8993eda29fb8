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
import java.util.Map;
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

  private static boolean holds(String rule, Map<String, Object> self) throws Exception {
    var ast = COMPILER.compile(rule).getAst();
    return (Boolean) RUNTIME.createProgram(ast).eval(Map.of("self", self));
  }
}
