package io.hbasetunnel.gateway;

import io.hbasetunnel.api.v1alpha1.Patterns;
import io.hbasetunnel.api.v1alpha1.TaskSpecRules;
import java.util.regex.Pattern;

/** HBase table names as the CRDs accept them, minus the system tables no task may touch (TaskSpecRules' list). */
final class TableNames {
  /** HBase's own tables (hbase:meta, hbase:acl, hbase:namespace, ...) live here. */
  static final String SYSTEM_NAMESPACE = TaskSpecRules.HBASE_NAMESPACE;
  private static final Pattern TABLE = Pattern.compile(Patterns.TABLE_NAME);
  private static final Pattern NAMESPACE = Pattern.compile("^[a-zA-Z0-9_]+$");
  private static final int MAX_LENGTH = 255;

  private TableNames() {}

  /** A 400 unless {@code name}, found in {@code where}, is a user table's valid name. */
  static void requireUserTable(String where, String name) {
    if (name == null || name.length() > MAX_LENGTH || !TABLE.matcher(name).matches()) {
      throw LtsException.badRequest(SafeEcho.of(name) + " in " + where + " is not a valid HBase table name; use"
          + " [namespace:]table with letters, digits, '_', '-' and '.' (not starting with '.' or '-'), at most "
          + MAX_LENGTH + " characters");
    }
    if (TaskSpecRules.isSystemTable(name)) {
      throw systemNamespace(SafeEcho.of(name) + " in " + where + (namespace(name).equals(SYSTEM_NAMESPACE)
          ? " is an HBase system table" : " is HBase Tunnel's own system table"));
    }
  }

  /** A 400 unless {@code namespace}, found in {@code where}, is a user namespace's valid name. */
  static void requireUserNamespace(String where, String namespace) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw LtsException.badRequest(SafeEcho.of(namespace) + " in " + where + " is not a valid HBase namespace;"
          + " use letters, digits and '_'");
    }
    if (TaskSpecRules.isSystemNamespace(namespace)) {
      throw systemNamespace("namespace '" + namespace + "' in " + where + (namespace.equals(SYSTEM_NAMESPACE)
          ? " is HBase's system namespace" : " is HBase Tunnel's own system namespace"));
    }
  }

  /** {@code ns:t} for {@code ns:t}, {@code default:t} for {@code t}: one spelling per table. */
  static String qualified(String name) {
    return TaskSpecRules.qualified(name);
  }

  static String namespace(String name) {
    return qualified(name).substring(0, qualified(name).indexOf(':'));
  }

  static String qualifier(String name) {
    return name.substring(name.indexOf(':') + 1);
  }

  private static LtsException systemNamespace(String what) {
    // each cluster keeps its own hbase:meta, hbase:acl, ...; copying them would corrupt the destination
    return LtsException.badRequest(what + "; system tables are never migrated or synced, the destination keeps"
        + " its own; list only user tables");
  }
}
