package io.hbasetunnel.worker.wal;

import java.util.Set;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.util.Bytes;
import io.hbasetunnel.worker.cli.TableNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.hbase.TableName;

/**
 * The synced tables and where each goes ({@code t1,ns:t2=ns2:t2_copy}), and the column families
 * synced of each (empty: all).
 */
public record TableMapping(Map<TableName, TableName> targets, Set<String> families) {

  public TableMapping {
    families = Set.copyOf(families);
  }

  public static TableMapping parse(String spec) {
    Map<TableName, TableName> targets = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] pair = trimmed.split("=", 2);
      TableName source = TableNames.parse("--tables", pair[0].trim());
      targets.put(source, pair.length == 2 ? TableNames.parse("--tables", pair[1].trim()) : source);
    }
    if (targets.isEmpty()) {
      throw io.hbasetunnel.worker.cli.WorkerException.badInput("--tables is empty; list tables as t1,ns:t2[=target]");
    }
    return new TableMapping(Map.copyOf(targets), Set.of());
  }

  /** The same tables, syncing only these families (all when empty). */
  public TableMapping withFamilies(Set<String> only) {
    return new TableMapping(targets, only);
  }

  public boolean includesFamily(Cell cell) {
    return families.isEmpty() || families.contains(Bytes.toString(CellUtil.cloneFamily(cell)));
  }

  public TableName targetOf(TableName source) {
    return targets.get(source);
  }
}
