package io.hbasetunnel.worker.cli;

import java.util.regex.Pattern;
import org.apache.hadoop.hbase.TableName;

/** Parses user-given table names with a message that says what a valid one looks like. */
public final class TableNames {
  private static final Pattern VALID = Pattern.compile("^([a-zA-Z0-9_]+:)?[a-zA-Z0-9_][a-zA-Z0-9_.-]*$");

  private TableNames() {}

  public static TableName parse(String option, String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw WorkerException.badInput(option + " '" + name + "' is not a valid HBase table name;"
          + " use [namespace:]qualifier with letters, digits, '_', '-' and '.'");
    }
    return TableName.valueOf(name);
  }
}
