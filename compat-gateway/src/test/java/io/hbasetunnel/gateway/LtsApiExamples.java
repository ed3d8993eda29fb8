package io.hbasetunnel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The LTS API as documented by Alibaba Cloud, from our test fixture {@code lts-api/examples.json}
 * (on the test classpath): every documented operation, its example curl line where there is one,
 * and its example answer where there is one.
 */
final class LtsApiExamples {
  static final String RESOURCE = "/lts-api/examples.json";

  /** One documented call; {@code curl} and {@code response} are empty where none is documented. */
  record Operation(String method, String path, List<String> form, Optional<String> curl, Optional<JsonNode> response) {}

  private final List<Operation> operations = new ArrayList<>();

  LtsApiExamples() throws IOException {
    try (InputStream in = LtsApiExamples.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is not on the test classpath");
      }
      for (JsonNode op : GatewayFixture.JSON.readTree(in).get("operations")) {
        List<String> form = new ArrayList<>();
        op.path("form").forEach(p -> form.add(p.get("name").asText()));
        operations.add(new Operation(op.get("method").asText(), op.get("path").asText(), List.copyOf(form),
            Optional.ofNullable(op.get("curl")).map(JsonNode::asText), Optional.ofNullable(op.get("response"))));
      }
    }
  }

  /** Every documented operation, in the documentation's order. */
  List<Operation> operations() {
    return operations;
  }

  /** Every documented example curl line, as written. */
  List<String> curlExamples() {
    return operations.stream().flatMap(o -> o.curl().stream()).toList();
  }

  /** Every documented example answer, in the documentation's order. */
  List<JsonNode> responseExamples() {
    return operations.stream().flatMap(o -> o.response().stream()).toList();
  }

  /** The documented example answer of a call, e.g. {@code response("GET", "/hbase/incr/{jobId}/del")}. */
  JsonNode response(String method, String path) {
    return find(method, path).response()
        .orElseThrow(() -> new IllegalArgumentException("no documented answer for " + method + " " + path));
  }

  /** The documented example curl line of a call. */
  String curl(String method, String path) {
    return find(method, path).curl()
        .orElseThrow(() -> new IllegalArgumentException("no documented curl line for " + method + " " + path));
  }

  boolean documents(String method, String path) {
    return operations.stream().anyMatch(o -> o.method().equals(method) && o.path().equals(path));
  }

  private Operation find(String method, String path) {
    return operations.stream().filter(o -> o.method().equals(method) && o.path().equals(path)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(method + " " + path + " is not documented"));
  }
}
