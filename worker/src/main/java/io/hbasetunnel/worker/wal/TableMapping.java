package io.hbasetunnel.worker.wal;

import io.hbasetunnel.worker.cli.TableNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.hbase.TableName;

/** The synced tables and where each goes: {@code t1,ns:t2=ns2:t2_copy}. */
public record TableMapping(Map<TableName, TableName> targets) {

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
    return new TableMapping(Map.copyOf(targets));
  }

  public TableName targetOf(TableName source) {
    return targets.get(source);
  }
}
