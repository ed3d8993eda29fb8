package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.ClusterOptions;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.StagingRoot;
import io.hbasetunnel.worker.cli.TaskOptions;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.schema.CompactionDeferral;
import io.hbasetunnel.worker.wal.TableMapping;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code worker cleanup}: remove what a task created on both clusters, never destination data; a
 * destination table whose compactions a bulkload copy deferred gets them back.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
    description = {
        "Delete the snapshots a task took on the source and its staging directory on the destination.",
        "Destination tables and their data are never touched, except that a table created with compactions",
        "deferred for a bulkload copy (schema --defer-compactions) gets them back.",
        "",
        "Example:",
        "  worker cleanup --source-zk zk1:2181:/hbase --destination-zk zk9:2181:/hbase --task-id workflow-1f2e --tables t1,t2=ns:t2_copy"})
public final class CleanupCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions clusters;

  @Mixin
  TaskOptions task;

  @Option(names = "--tables", required = true, description = "Source tables of the task, t1,ns:t2[=target].")
  String tables;

  @Override
  public Integer call() throws Exception {
    TableMapping mapping = TableMapping.parse(tables);
    Configuration destinationConf = clusters.destination();
    try (Connection source = Connections.open("source", clusters.source()); Admin admin = source.getAdmin()) {
      for (TableName table : mapping.targets().keySet()) {
        String snapshot = SnapshotSource.defaultName(task.taskId, table);
        if (SnapshotSource.snapshotExists(admin, snapshot)) {
          admin.deleteSnapshot(snapshot);
          System.out.println("deleted snapshot " + snapshot);
        }
      }
    }
    try (Connection destination = Connections.open("destination", destinationConf);
        Admin admin = destination.getAdmin()) {
      CompactionDeferral.restoreAll(admin, mapping.targets().values());
    }
    Path taskDir = new Path(StagingRoot.resolve(task.stagingDir, destinationConf), task.taskId);
    if (taskDir.getFileSystem(destinationConf).delete(taskDir, true)) {
      System.out.println("deleted staging " + taskDir);
    }
    return ExitCodes.OK;
  }
}
