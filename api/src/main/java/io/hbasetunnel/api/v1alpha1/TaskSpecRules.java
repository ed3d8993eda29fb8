package io.hbasetunnel.api.v1alpha1;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules every task spec must meet, whichever way it arrives: the gateway runs them before it
 * creates a resource, the operator before it starts anything (a resource written past an older
 * CRD), and the CRD carries what CEL can express of them ({@link #CEL_SYSTEM_TABLE} and the rules
 * on the spec classes). Plain Java, no Kubernetes calls. Each problem names the field to fix.
 */
public final class TaskSpecRules {
  /** Tables per task: bounds the CRD's list rules (each compares every pair) within the API server's cost budget. */
  public static final int MAX_TABLES = 200;
  /** HBase's own tables (hbase:meta, hbase:acl, ...); each cluster keeps its own. */
  public static final String HBASE_NAMESPACE = "hbase";
  /** Ours: the wal-sync checkpoints live in hbase_tunnel:wal_checkpoints on the destination. */
  public static final String TUNNEL_NAMESPACE = "hbase_tunnel";

  /** CEL: a table name outside the system namespaces ({@code self} is the name). */
  public static final String CEL_SYSTEM_TABLE = "!self.startsWith('hbase:') && !self.startsWith('hbase_tunnel:')";
  public static final String CEL_SYSTEM_TABLE_MESSAGE = "is a system table (namespace hbase or hbase_tunnel);"
      + " system tables are never migrated or synced, each cluster keeps its own: list only user tables";

  /** CEL on {@code tables}: no table twice, also not as {@code t1} and {@code default:t1}. */
  public static final String CEL_NO_DUPLICATE = "self.all(t, self.exists_one(u,"
      + " (u.name.contains(':') ? u.name : 'default:' + u.name)"
      + " == (t.name.contains(':') ? t.name : 'default:' + t.name)))";
  public static final String CEL_NO_DUPLICATE_MESSAGE = "a table is listed twice (t1 and default:t1 are one table):"
      + " two copies of it would share one snapshot and staging directory; list each table once";
  /** CEL on {@code tables}: no two tables written to one target (targetName, else the name). */
  public static final String CEL_DISTINCT_TARGETS = "self.all(t, self.exists_one(u, "
      + "(has(u.targetName) ? (u.targetName.contains(':') ? u.targetName : 'default:' + u.targetName)"
      + " : (u.name.contains(':') ? u.name : 'default:' + u.name))"
      + " == "
      + "(has(t.targetName) ? (t.targetName.contains(':') ? t.targetName : 'default:' + t.targetName)"
      + " : (t.name.contains(':') ? t.name : 'default:' + t.name))"
      + "))";
  public static final String CEL_DISTINCT_TARGETS_MESSAGE = "two tables would both be written to one destination table;"
      + " give each its own targetName";
  /** CEL transition rule on {@code tables}: a table kept across an update keeps its target. */
  public static final String CEL_TARGETS_KEPT = "oldSelf.all(o, self.all(n,"
      + " (n.name.contains(':') ? n.name : 'default:' + n.name) != (o.name.contains(':') ? o.name : 'default:' + o.name)"
      + " || "
      + "(has(n.targetName) ? (n.targetName.contains(':') ? n.targetName : 'default:' + n.targetName)"
      + " : (n.name.contains(':') ? n.name : 'default:' + n.name))"
      + " == "
      + "(has(o.targetName) ? (o.targetName.contains(':') ? o.targetName : 'default:' + o.targetName)"
      + " : (o.name.contains(':') ? o.name : 'default:' + o.name))"
      + "))";
  public static final String CEL_TARGETS_KEPT_MESSAGE = "a table's targetName cannot change on an existing task (its"
      + " copy and checkpoints belong to the old target); create a new task for the new target";
  /** CEL on the spec: two clusters. */
  public static final String CEL_TWO_CLUSTERS = "self.source != self.destination";
  public static final String CEL_TWO_CLUSTERS_MESSAGE = "destination names the source cluster: a table would be"
      + " copied onto itself; name two different HBaseClusters";
  /** CEL transition rule on source and destination. */
  public static final String CEL_IMMUTABLE = "self == oldSelf";
  public static final String CEL_IMMUTABLE_MESSAGE = "cannot change on an existing task (its checkpoints and WAL pin"
      + " belong to what it started with); create a new task instead";
  private static final String MAPPING_MESSAGE = "maps a system namespace or table (hbase, hbase_tunnel); system"
      + " tables are never migrated or synced: map only user tables";

  private static final Pattern TABLE = Pattern.compile(Patterns.TABLE_NAME);
  private static final Pattern RESOURCE = Pattern.compile(Patterns.RESOURCE_NAME);

  /** One thing wrong: the field (as {@code spec.tables[1].name}) and what to do about it. */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private TaskSpecRules() {}

  public static List<Problem> check(FullDataMigrationSpec spec) {
    return check(spec.getSource(), spec.getDestination(), spec.getTables(), spec.getExtraAttrs());
  }

  public static List<Problem> check(IncrementalSyncSpec spec) {
    return check(spec.getSource(), spec.getDestination(), spec.getTables(), spec.getExtraAttrs());
  }

  /** What must not change on an existing task: source, destination, the target of a table kept. */
  public static List<Problem> changes(FullDataMigrationSpec before, FullDataMigrationSpec after) {
    return changes(before.getSource(), before.getDestination(), before.getTables(), before.getExtraAttrs(),
        after.getSource(), after.getDestination(), after.getTables(), after.getExtraAttrs());
  }

  public static List<Problem> changes(IncrementalSyncSpec before, IncrementalSyncSpec after) {
    return changes(before.getSource(), before.getDestination(), before.getTables(), before.getExtraAttrs(),
        after.getSource(), after.getDestination(), after.getTables(), after.getExtraAttrs());
  }

  /** {@code ns:t} for {@code ns:t}, {@code default:t} for {@code t}: one spelling per table. */
  public static String qualified(String table) {
    return table.contains(":") ? table : "default:" + table;
  }

  /** Whether the table lies in HBase's or our own system namespace. */
  public static boolean isSystemTable(String table) {
    return isSystemNamespace(namespaceOf(table));
  }

  public static boolean isSystemNamespace(String namespace) {
    return HBASE_NAMESPACE.equals(namespace) || TUNNEL_NAMESPACE.equals(namespace);
  }

  static List<Problem> check(String source, String destination, List<TableSpec> tables, ExtraAttrs extra) {
    List<Problem> problems = new ArrayList<>();
    cluster(problems, "spec.source", source);
    cluster(problems, "spec.destination", destination);
    if (source != null && source.equals(destination)) {
      problems.add(new Problem("spec.destination", "'" + destination + "' is the source cluster too: a table would be"
          + " copied onto itself; name two different HBaseClusters"));
    }
    if (tables == null || tables.isEmpty()) {
      problems.add(new Problem("spec.tables", "no table listed; list at least one, e.g. - name: t1"));
      return problems;
    }
    if (tables.size() > MAX_TABLES) {
      problems.add(new Problem("spec.tables", tables.size() + " tables; at most " + MAX_TABLES
          + " per task: split them over several tasks"));
    }
    mappings(problems, extra);
    Map<String, Integer> bySource = new HashMap<>();
    Map<String, Integer> byTarget = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      TableSpec table = tables.get(i);
      String at = "spec.tables[" + i + "]";
      if (!userTable(problems, at + ".name", table == null ? null : table.getName())) {
        continue;
      }
      Integer first = bySource.putIfAbsent(qualified(table.getName()), i);
      if (first != null) {
        problems.add(new Problem(at + ".name", table.getName() + " is listed twice (also as " + tables.get(first).getName()
            + " in spec.tables[" + first + "]): both copies would use one snapshot and staging directory and delete"
            + " each other's files; list each table once"));
        continue;
      }
      boolean own = table.getTargetName() != null && !table.getTargetName().isEmpty();
      String target = TargetTables.targetOf(table, extra);
      // a mapping onto a system table is reported once, at the mapping
      if (own ? !userTable(problems, at + ".targetName", target) : isSystemTable(target)) {
        continue;
      }
      Integer other = byTarget.putIfAbsent(qualified(target), i);
      if (other != null) {
        problems.add(new Problem(own ? at + ".targetName" : at + ".name", table.getName() + " and "
            + tables.get(other).getName() + " (spec.tables[" + other + "]) would both be written to " + target
            + "; give each its own target (targetName, tableMapping or namespaceMapping)"));
      }
    }
    return problems;
  }

  static List<Problem> changes(String sourceBefore, String destinationBefore, List<TableSpec> tablesBefore,
      ExtraAttrs extraBefore, String source, String destination, List<TableSpec> tables, ExtraAttrs extra) {
    List<Problem> problems = new ArrayList<>();
    if (!Objects.equals(sourceBefore, source)) {
      problems.add(new Problem("spec.source", "changed from '" + sourceBefore + "' to '" + source + "': " + CEL_IMMUTABLE_MESSAGE));
    }
    if (!Objects.equals(destinationBefore, destination)) {
      problems.add(new Problem("spec.destination", "changed from '" + destinationBefore + "' to '" + destination + "': "
          + CEL_IMMUTABLE_MESSAGE));
    }
    Map<String, String> targetBefore = new HashMap<>();
    for (TableSpec table : tablesBefore == null ? List.<TableSpec>of() : tablesBefore) {
      targetBefore.putIfAbsent(qualified(table.getName()), qualified(TargetTables.targetOf(table, extraBefore)));
    }
    for (int i = 0; tables != null && i < tables.size(); i++) {
      TableSpec table = tables.get(i);
      String was = table == null || table.getName() == null ? null : targetBefore.get(qualified(table.getName()));
      String now = was == null ? null : qualified(TargetTables.targetOf(table, extra));
      if (was != null && !was.equals(now)) {
        problems.add(new Problem("spec.tables[" + i + "].targetName", table.getName() + " is written to " + was
            + " and cannot be moved to " + now + " on an existing task (its copy and checkpoints belong to " + was
            + "); create a new task for the new target"));
      }
    }
    return problems;
  }

  private static void cluster(List<Problem> problems, String field, String name) {
    if (name == null || name.isEmpty()) {
      problems.add(new Problem(field, "missing; name an HBaseCluster, e.g. hbase1"));
    } else if (!RESOURCE.matcher(name).matches()) {
      problems.add(new Problem(field, "'" + name + "' is not an HBaseCluster name (lowercase letters, digits, '-', '.')"));
    }
  }

  /** Adds a problem and answers false unless {@code name} is a valid user table's name. */
  private static boolean userTable(List<Problem> problems, String field, String name) {
    if (name == null || name.isEmpty()) {
      problems.add(new Problem(field, "missing; give a table name, [namespace:]table"));
      return false;
    }
    if (name.length() > 255 || !TABLE.matcher(name).matches()) {
      problems.add(new Problem(field, name + " is not a valid HBase table name; use [namespace:]table with letters,"
          + " digits, '_', '-' and '.' (not starting with '.' or '-'), at most 255 characters"));
      return false;
    }
    if (isSystemTable(name)) {
      problems.add(new Problem(field, name + " " + CEL_SYSTEM_TABLE_MESSAGE));
      return false;
    }
    return true;
  }

  private static void mappings(List<Problem> problems, ExtraAttrs extra) {
    if (extra == null) {
      return;
    }
    if (extra.getNamespaceMapping() != null) {
      extra.getNamespaceMapping().forEach((from, to) -> {
        if (isSystemNamespace(from) || isSystemNamespace(to)) {
          problems.add(new Problem("spec.extraAttrs.namespaceMapping", from + " -> " + to + " " + MAPPING_MESSAGE));
        }
      });
    }
    if (extra.getTableMapping() != null) {
      extra.getTableMapping().forEach((from, to) -> {
        if (isSystemTable(from) || to == null || isSystemTable(to)) {
          problems.add(new Problem("spec.extraAttrs.tableMapping", from + " -> " + to + " " + MAPPING_MESSAGE));
        }
      });
    }
  }

  private static String namespaceOf(String table) {
    int colon = table.indexOf(':');
    return colon < 0 ? "default" : table.substring(0, colon);
  }
}
