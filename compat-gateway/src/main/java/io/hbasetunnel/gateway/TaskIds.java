package io.hbasetunnel.gateway;

import io.hbasetunnel.api.v1alpha1.Patterns;
import java.util.UUID;
import java.util.regex.Pattern;

/** LTS ids: a prefix and 32 hex digits, which are also valid Kubernetes object names. */
final class TaskIds {
  /** Kubernetes' limit on object names (DNS-1123 subdomain). */
  static final int MAX_LENGTH = 253;
  // workflow-<hex> and wal-<hex> are such names too, as is a task made with kubectl
  private static final Pattern RESOURCE_NAME = Pattern.compile(Patterns.RESOURCE_NAME);

  private TaskIds() {}

  /**
   * Whether a task could have this id. Anything else is answered 404 without asking the API
   * server: such an id would only become part of a request path there ('..%2F..').
   */
  static boolean isPossible(String id) {
    // length first: it also bounds the regular expression's work
    return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && RESOURCE_NAME.matcher(id).matches();
  }

  static String next(String prefix) {
    return prefix + hex();
  }

  /** A random 32-hex id, also used for sub-task names and retry nonces. */
  static String hex() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
