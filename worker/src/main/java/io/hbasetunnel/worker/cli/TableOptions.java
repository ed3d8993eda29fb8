package io.hbasetunnel.worker.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.TableName;
import picocli.CommandLine.Option;

/** The table a command works on, its destination name and its family subset. */
public final class TableOptions {
  @Option(names = "--table", required = true, description = "Source table, [namespace:]qualifier.")
  String table;

  @Option(names = "--target-table", description = "Destination table when renamed (default: same name).")
  String targetTable;

  @Option(names = "--families", split = ",", description = "Only these column families (default: all).")
  List<String> families = List.of();

  public TableName source() {
    return TableNames.parse("--table", table);
  }

  public TableName target() {
    return targetTable == null ? source() : TableNames.parse("--target-table", targetTable);
  }

  public Set<String> families() {
    return new LinkedHashSet<>(families);
  }
}
