package io.hbasetunnel.api.v1alpha1;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each table of a task goes. A table's own {@code targetName} wins; else the task's
 * {@code tableMapping} entry for it (keyed {@code t1}, {@code default:t1} or {@code ns:t1}); else
 * its namespace's {@code namespaceMapping} entry with the same qualifier; else the source name.
 * The operator and the gateway both resolve names here, so a listing shows what is copied.
 */
public final class TargetTables {
  private static final String DEFAULT_NAMESPACE = "default";

  private TargetTables() {}

  public static String targetOf(TableSpec table, ExtraAttrs extra) {
    String own = table.getTargetName();
    if (own != null && !own.isEmpty()) {
      return own;
    }
    String source = table.getName();
    if (extra == null) {
      return source;
    }
    String namespace = namespaceOf(source);
    String qualifier = qualifierOf(source);
    Map<String, String> tables = extra.getTableMapping();
    if (tables != null) {
      for (String key : new String[] {source, namespace + ":" + qualifier,
          DEFAULT_NAMESPACE.equals(namespace) ? qualifier : null}) {
        if (key != null && tables.containsKey(key)) {
          return tables.get(key);
        }
      }
    }
    Map<String, String> namespaces = extra.getNamespaceMapping();
    if (namespaces != null && namespaces.containsKey(namespace)) {
      String mapped = namespaces.get(namespace);
      return DEFAULT_NAMESPACE.equals(mapped) ? qualifier : mapped + ":" + qualifier;
    }
    return source;
  }

  /**
   * Source -> destination for every table, in order.
   *
   * @throws IllegalArgumentException naming the tables when two would go to one destination table
   */
  public static Map<String, String> resolve(List<TableSpec> tables, ExtraAttrs extra) {
    Map<String, String> targets = new LinkedHashMap<>();
    Map<String, String> sourceByTarget = new LinkedHashMap<>();
    for (TableSpec table : tables) {
      String target = targetOf(table, extra);
      String other = sourceByTarget.putIfAbsent(normalized(target), table.getName());
      if (other != null && !normalized(other).equals(normalized(table.getName()))) {
        throw new IllegalArgumentException("tables " + other + " and " + table.getName() + " would both be copied to "
            + target + "; give each its own target name (targetName, tableMapping or namespaceMapping)");
      }
      targets.put(table.getName(), target);
    }
    return targets;
  }

  private static String normalized(String table) {
    return namespaceOf(table) + ":" + qualifierOf(table);
  }

  private static String namespaceOf(String table) {
    int colon = table.indexOf(':');
    return colon < 0 ? DEFAULT_NAMESPACE : table.substring(0, colon);
  }

  private static String qualifierOf(String table) {
    int colon = table.indexOf(':');
    return colon < 0 ? table : table.substring(colon + 1);
  }
}
