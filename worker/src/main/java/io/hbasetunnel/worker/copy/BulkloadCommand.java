package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.ClusterOptions;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.StagingRoot;
import io.hbasetunnel.worker.cli.TableOptions;
import io.hbasetunnel.worker.cli.TaskOptions;
import io.hbasetunnel.worker.progress.CopyProgress;
import io.hbasetunnel.worker.progress.ProgressReporter;
import io.hbasetunnel.worker.schema.CompactionDeferral;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.security.CellSecurityCheck;
import io.hbasetunnel.worker.security.CellSecurityOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker bulkload}: load the HFiles every copy shard staged. */
@Command(name = "bulkload", mixinStandardHelpOptions = true,
    description = {
        "Bulk load the HFiles staged by `worker copy --mode BULKLOAD` into the destination table. Files are",
        "re-split to the destination's regions. Loaded units are checkpointed; a rerun loads only the rest.",
        "Then a table created with compactions deferred (schema --defer-compactions) gets them back.",
        "",
        "Example:",
        "  worker bulkload --source-conf /etc/hbase-src --destination-conf /etc/hbase-dst --task-id workflow-1f2e --table ns:orders"})
public final class BulkloadCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions clusters;

  @Mixin
  TableOptions table;

  @Mixin
  TaskOptions task;

  @Mixin
  CellSecurityOptions cellSecurity = new CellSecurityOptions();

  @Option(names = "--snapshot", description = "The snapshot the copy used, when it was not the task's own.")
  String snapshot;

  @Override
  public Integer call() throws Exception {
    CopyProgress progress = new CopyProgress("bulkload", table.source().getNameAsString());
    return ProgressReporter.reporting(task.progressFile, task.statusPort, progress, () -> {
      Configuration destinationConf = clusters.destination();
      try (Connection src = Connections.open("source", clusters.source());
          Connection dst = Connections.open("destination", destinationConf);
          Admin admin = dst.getAdmin()) {
        // the destination may have changed since the copy: loading files is where the tags land
        CellSecurityCheck.require(src, dst, cellSecurity);
        String snapshotName = snapshot != null ? snapshot : SnapshotSource.defaultName(task.taskId, table.source());
        SnapshotSource source = SnapshotSource.open(clusters.source(), snapshotName);
        StagingLayout layout = new StagingLayout(StagingRoot.resolve(task.stagingDir, destinationConf), task.taskId,
            table.source());
        new BulkLoader(destinationConf).load(layout, source.units(), table.target(), progress);
        FaultPoint.LOAD_ALL_DONE.reached();
        // every unit of every shard is loaded: the table may compact now (it was created not to before)
        CompactionDeferral.restore(admin, table.target());
      }
      progress.finish("SUCCEEDED", progress.line());
      System.out.println(progress.line());
      return ExitCodes.OK;
    });
  }
}
