package io.hbasetunnel.local.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TaskSpecRules;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a real API server's CEL rules refuse, refused here too: the mock server validates nothing,
 * so a task created or replaced (POST, PUT) through the embedded API first passes the rules the
 * CRD's CEL expresses ({@link TaskSpecRules}), answered like the API server's 422 Invalid so
 * kubectl prints the field. Patches and the transition rules are left to the operator, which
 * refuses the same things on its side.
 */
final class TaskAdmission {
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Pattern TASK_PATH = Pattern.compile(
      "^/apis/hbasetunnel\\.io/v1alpha1/namespaces/[^/]+/(fulldatamigrations|incrementalsyncs)(/[^/?]+)?(\\?.*)?$");

  private TaskAdmission() {}

  /** A 422 naming the fields, when {@code request} writes a task spec the rules refuse. */
  static Optional<MockResponse> refusal(RecordedRequest request) {
    String method = request.getMethod();
    Matcher path = TASK_PATH.matcher(request.getPath());
    if (!("POST".equals(method) || "PUT".equals(method)) || !path.matches() || request.getBody() == null) {
      return Optional.empty();
    }
    try {
      // getBytes leaves the body for the CRUD dispatcher
      JsonNode object = JSON.readTree(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
      JsonNode spec = object.path("spec");
      if (!spec.isObject()) {
        return Optional.empty();
      }
      boolean full = path.group(1).equals("fulldatamigrations");
      List<TaskSpecRules.Problem> problems = full ? TaskSpecRules.check(JSON.treeToValue(spec, FullDataMigrationSpec.class))
          : TaskSpecRules.check(JSON.treeToValue(spec, IncrementalSyncSpec.class));
      if (problems.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(invalid(full ? "FullDataMigration" : "IncrementalSync", object.path("metadata").path("name").asText(),
          problems));
    } catch (Exception e) {
      // not a task the rules can read (malformed JSON...): the CRUD dispatcher answers as it does
      return Optional.empty();
    }
  }

  private static MockResponse invalid(String kind, String name, List<TaskSpecRules.Problem> problems) throws Exception {
    String message = kind + ".hbasetunnel.io \"" + name + "\" is invalid: "
        + String.join(", ", problems.stream().map(TaskSpecRules.Problem::toString).toList());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("metadata", Map.of());
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", "Invalid");
    status.put("details", Map.of("name", name, "group", "hbasetunnel.io", "kind", kind, "causes",
        problems.stream().map(p -> Map.of("reason", "FieldValueInvalid", "message", "Invalid value: " + p.message(),
            "field", p.field())).toList()));
    status.put("code", 422);
    return new MockResponse().setResponseCode(422).setHeader("Content-Type", "application/json")
        .setBody(JSON.writeValueAsString(status));
  }
}
