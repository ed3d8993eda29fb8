package io.hbasetunnel.worker.copy;

import io.hbasetunnel.contract.naming.StagingPaths;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;

/**
 * Where a task keeps its files on the destination's filesystem:
 * {@code <staging>/<task>/<namespace>/<table>/{hfiles/<unit>/<family>/, copied/, loaded/}}, keyed by
 * the source table (the contract's StagingPaths: the operator names the same directories).
 */
public record StagingLayout(Path root, String taskId, TableName table) {

  public Path taskDir() {
    return new Path(root, StagingPaths.taskPath(taskId));
  }

  public Path tableDir() {
    return new Path(root, StagingPaths.tablePath(taskId, table.getNameAsString()));
  }

  public Path unitDir(WorkUnit unit) {
    return new Path(tableDir(), "hfiles/" + unit.id());
  }

  /** Where a unit's files are written before a rename makes them visible as complete. */
  public Path unitTmpDir(WorkUnit unit) {
    return new Path(tableDir(), "hfiles/." + unit.id() + ".tmp");
  }
}
