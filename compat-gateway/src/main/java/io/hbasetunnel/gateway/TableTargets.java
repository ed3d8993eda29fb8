package io.hbasetunnel.gateway;

import io.hbasetunnel.api.v1alpha1.TargetTables;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each table of a task is written, from extraAttrs' {@code tableMapping} (wins) and
 * {@code namespaceMapping}: every name must be a valid user table or namespace, and no two
 * source tables may land in one destination table (the later copy would overwrite the first).
 * The result is each table's {@code targetName}, the one field the operator reads: the
 * mappings themselves are only kept in extraAttrs for the record.
 */
final class TableTargets {
  private TableTargets() {}

  /**
   * @param mappedMustBeListed true on create: a tableMapping key naming no listed table is a typo.
   *     On update it may name a table the update drops.
   */
  static void resolve(List<TableSpec> tables, ExtraAttrs attrs, boolean mappedMustBeListed) {
    Map<String, String> tableMapping = tableMapping(attrs);
    checkNamespaceMapping(attrs);
    if (mappedMustBeListed) {
      List<String> listed = tables.stream().map(t -> TableNames.qualified(t.getName())).toList();
      tableMapping.keySet().stream().filter(source -> !listed.contains(source)).findFirst().ifPresent(source -> {
        throw LtsException.badRequest("extraAttrs 'tableMapping' maps " + SafeEcho.of(source)
            + ", which is not in 'tableNames'; add it there or remove the mapping");
      });
    }
    Map<String, String> sourceByTarget = new HashMap<>();
    for (TableSpec table : tables) {
      String source = TableNames.qualified(table.getName());
      // the same resolution the operator applies to tasks created with kubectl
      String target = TableNames.qualified(TargetTables.targetOf(new TableSpec(source), attrs));
      String other = sourceByTarget.putIfAbsent(target, source);
      if (other != null) {
        throw LtsException.badRequest("tables " + SafeEcho.of(other) + " and " + SafeEcho.of(source)
            + " would both be written to " + SafeEcho.of(target) + "; map each table to its own destination table"
            + " (extraAttrs 'tableMapping' or 'namespaceMapping')");
      }
      table.setTargetName(target.equals(source) ? null : target);
    }
  }

  /** Qualified source -> qualified target; names checked, no source given twice. */
  private static Map<String, String> tableMapping(ExtraAttrs attrs) {
    Map<String, String> mapping = new HashMap<>();
    if (attrs == null || attrs.getTableMapping() == null) {
      return mapping;
    }
    attrs.getTableMapping().forEach((source, target) -> {
      TableNames.requireUserTable("extraAttrs 'tableMapping'", source);
      TableNames.requireUserTable("extraAttrs 'tableMapping'", target);
      if (mapping.put(TableNames.qualified(source), TableNames.qualified(target)) != null) {
        throw LtsException.badRequest("extraAttrs 'tableMapping' maps " + SafeEcho.of(source)
            + " twice (with and without 'default:'); map each table once");
      }
    });
    return mapping;
  }

  private static void checkNamespaceMapping(ExtraAttrs attrs) {
    if (attrs == null || attrs.getNamespaceMapping() == null) {
      return;
    }
    attrs.getNamespaceMapping().forEach((source, target) -> {
      TableNames.requireUserNamespace("extraAttrs 'namespaceMapping'", source);
      TableNames.requireUserNamespace("extraAttrs 'namespaceMapping'", target);
    });
  }
}
