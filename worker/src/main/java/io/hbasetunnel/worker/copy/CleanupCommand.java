package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.ClusterOptions;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.StagingRoot;
import io.hbasetunnel.worker.cli.TableNames;
import io.hbasetunnel.worker.cli.TaskOptions;
import io.hbasetunnel.worker.hbase.Connections;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker cleanup}: remove what a task created on both clusters, never destination data. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
    description = {
        "Delete the snapshots a task took on the source and its staging directory on the destination.",
        "Destination tables and their data are never touched.",
        "",
        "Example:",
        "  worker cleanup --source-zk zk1:2181:/hbase --destination-zk zk9:2181:/hbase --task-id workflow-1f2e --tables t1,t2"})
public final class CleanupCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions clusters;

  @Mixin
  TaskOptions task;

  @Option(names = "--tables", split = ",", required = true, description = "Source tables of the task.")
  List<String> tables;

  @Override
  public Integer call() throws Exception {
    Configuration destinationConf = clusters.destination();
    try (Connection source = Connections.open("source", clusters.source()); Admin admin = source.getAdmin()) {
      for (String name : tables) {
        TableName table = TableNames.parse("--tables", name);
        String snapshot = SnapshotSource.defaultName(task.taskId, table);
        if (SnapshotSource.snapshotExists(admin, snapshot)) {
          admin.deleteSnapshot(snapshot);
          System.out.println("deleted snapshot " + snapshot);
        }
      }
    }
    Path taskDir = new Path(StagingRoot.resolve(task.stagingDir, destinationConf), task.taskId);
    if (taskDir.getFileSystem(destinationConf).delete(taskDir, true)) {
      System.out.println("deleted staging " + taskDir);
    }
    return ExitCodes.OK;
  }
}
