package io.hbasetunnel.worker.copy;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;

/**
 * Where a task keeps its files on the destination's filesystem:
 * {@code <staging>/<task>/<namespace>/<table>/{hfiles/<unit>/<family>/, copied/, loaded/}}, keyed by
 * the source table.
 */
public record StagingLayout(Path root, String taskId, TableName table) {

  public Path taskDir() {
    return new Path(root, taskId);
  }

  public Path tableDir() {
    return new Path(taskDir(), table.getNamespaceAsString() + "/" + table.getQualifierAsString());
  }

  public Path unitDir(WorkUnit unit) {
    return new Path(tableDir(), "hfiles/" + unit.id());
  }

  /** Where a unit's files are written before a rename makes them visible as complete. */
  public Path unitTmpDir(WorkUnit unit) {
    return new Path(tableDir(), "hfiles/." + unit.id() + ".tmp");
  }
}
