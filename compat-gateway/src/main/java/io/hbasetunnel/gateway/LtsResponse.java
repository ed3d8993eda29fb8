package io.hbasetunnel.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LTS response bodies: {@code success} is the string "true"/"false", as LTS writes it. */
final class LtsResponse {
  private LtsResponse() {}

  static Map<String, Object> ok(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", "true");
    body.put("message", message);
    return body;
  }

  static Map<String, Object> error(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", "false");
    body.put("message", message);
    return body;
  }

  /** The documented LTS list shape: {@code tunnels} first, then success and message. */
  static Map<String, Object> tunnels(List<Map<String, Object>> tunnels) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tunnels", tunnels);
    body.put("success", "true");
    body.put("message", "ok");
    return body;
  }
}
