package io.hbasetunnel.gateway;

import java.util.UUID;

/** LTS ids: a prefix and 32 hex digits, which are also valid Kubernetes object names. */
final class TaskIds {
  private TaskIds() {}

  static String next(String prefix) {
    return prefix + hex();
  }

  /** A random 32-hex id, also used for sub-task names and retry nonces. */
  static String hex() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
