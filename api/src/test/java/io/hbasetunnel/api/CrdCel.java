package io.hbasetunnel.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Every {@code x-kubernetes-validations} rule of a committed CRD, run on an object as the API
 * server runs them: at each schema node the object has, with {@code self} that node's value and,
 * for an update, {@code oldSelf} the old object's value at the same place (transition rules run
 * only where both exist and the place is reached through object properties, as on a server).
 */
final class CrdCel {
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN).addVar("oldSelf", SimpleType.DYN).build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  /** A rule that did not hold: where the server would report it, and its message. */
  record Violation(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final JsonNode schema;

  private CrdCel(JsonNode schema) {
    this.schema = schema;
  }

  static CrdCel load(Path crdFile) throws IOException {
    return new CrdCel(CrdSchema.YAML.readTree(crdFile.toFile()).at("/spec/versions/0/schema/openAPIV3Schema"));
  }

  /** The rules broken by {@code object} (a create: no transition rule runs). */
  List<Violation> create(JsonNode object) throws Exception {
    return update(null, object);
  }

  /** The rules broken by {@code object} replacing {@code old}. */
  List<Violation> update(JsonNode old, JsonNode object) throws Exception {
    List<Violation> violations = new ArrayList<>();
    walk(schema, object, old, "", true, violations);
    return violations;
  }

  /** Number of rules in the CRD that use oldSelf (transition rules). */
  int transitionRules() {
    int[] count = {0};
    count(schema, count);
    return count[0];
  }

  private void walk(JsonNode node, JsonNode value, JsonNode old, String path, boolean correlated,
      List<Violation> violations) throws Exception {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      String expression = rule.get("rule").asText();
      boolean transition = expression.contains("oldSelf");
      if (transition && (!correlated || old == null || old.isMissingNode() || old.isNull())) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", plain(value));
      if (transition) {
        vars.put("oldSelf", plain(old));
      }
      var ast = COMPILER.compile(expression).getAst();
      if (!Boolean.TRUE.equals(RUNTIME.createProgram(ast).eval(vars))) {
        String field = path.isEmpty() ? "<root>" : path.substring(1);
        if (rule.has("fieldPath")) {
          field = field + rule.get("fieldPath").asText();
        }
        violations.add(new Violation(field, rule.path("message").asText(expression)));
      }
    }
    if (value.isObject() && node.has("properties")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.get("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        walk(property.getValue(), value.get(property.getKey()), old == null ? null : old.get(property.getKey()),
            path + "." + property.getKey(), correlated, violations);
      }
    } else if (value.isArray() && node.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        // list items correlate with old ones only in map/set lists; ours are atomic
        walk(node.get("items"), value.get(i), null, path + "[" + i + "]", false, violations);
      }
    }
  }

  private static void count(JsonNode node, int[] count) {
    node.path("x-kubernetes-validations").forEach(r -> count[0] += r.get("rule").asText().contains("oldSelf") ? 1 : 0);
    node.fields().forEachRemaining(e -> {
      if (e.getValue().isObject()) {
        count(e.getValue(), count);
      }
    });
  }

  /** JSON as CEL's Java runtime takes it: maps, lists, strings, longs, doubles, booleans. */
  private static Object plain(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      value.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(v -> list.add(plain(v)));
      return list;
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    return value.isBoolean() ? (Object) value.asBoolean() : value.asText();
  }
}
