package io.hbasetunnel.worker.schema;

import io.hbasetunnel.worker.cli.ClusterOptions;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.TableOptions;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.progress.CopyProgress;
import io.hbasetunnel.worker.progress.ProgressReporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.io.compress.Compression;
import io.hbasetunnel.worker.security.CellSecurityCheck;
import io.hbasetunnel.worker.security.CellSecurityOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker schema}: create the destination table like the source's. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {
        "Create the destination table from the source: namespace, every column-family attribute and",
        "the source's region split points. Reports SKIPPED when the table exists with the families asked for;",
        "fails (exit 2) when it exists without them.",
        "",
        "Example:",
        "  worker schema --source-zk zk1:2181:/hbase --destination-zk zk9:2181:/hbase --table ns:t1 --target-table ns2:t1"})
public final class SchemaCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions clusters;

  @Mixin
  TableOptions table;

  @Mixin
  CellSecurityOptions cellSecurity = new CellSecurityOptions();

  @Option(names = "--compression", description = "Compression of the created families, overriding the source's"
      + " (NONE, GZ, SNAPPY, LZ4, ZSTD).")
  String compression;

  @Option(names = "--retain-deletes", description = "Create the families (or make the existing ones) keep delete"
      + " markers through compactions (hbase.hstore.time.to.purge.deletes of a century) until `wal-sync"
      + " --retain-deletes-until` restores the source's setting: for a full copy followed by a sync.")
  boolean retainDeletes;

  @Option(names = "--defer-compactions", description = "For a bulkload copy: when a source region holds as many"
      + " store files as the compaction threshold (3), create the table with compactions off until `worker bulkload`"
      + " has loaded every unit (or `worker cleanup` runs). A table that already exists is left as it is.")
  boolean deferCompactions;

  @Option(names = "--progress-file", paramLabel = "FILE", description = "Write the result as JSON here.")
  Path progressFile;

  @Override
  public Integer call() throws Exception {
    CopyProgress progress = new CopyProgress("schema", table.source().getNameAsString());
    return ProgressReporter.reporting(progressFile, progress, () -> run(progress));
  }

  private int run(CopyProgress progress) throws Exception {
    try (Connection source = Connections.open("source", clusters.source());
        Connection destination = Connections.open("destination", clusters.destination())) {
      // before the table exists: a refused copy leaves nothing behind
      CellSecurityCheck.require(source, destination, cellSecurity);
      SchemaCopier.Outcome outcome = new SchemaCopier(source, destination)
          .copy(table.source(), table.target(), table.families(), CompressionNames.parse(compression), retainDeletes,
              deferCompactions);
      progress.skipped(outcome == SchemaCopier.Outcome.SKIPPED);
      progress.finish(outcome == SchemaCopier.Outcome.SKIPPED ? "SKIPPED" : "SUCCEEDED",
          outcome == SchemaCopier.Outcome.SKIPPED
              ? table.target() + " already exists with compatible families"
              : "created " + table.target());
      System.out.println(outcome + " " + table.target());
      return ExitCodes.OK;
    }
  }

  /** HBase compression names, with a message listing the valid ones. */
  public static final class CompressionNames {
    private CompressionNames() {}

    public static Compression.Algorithm parse(String name) {
      if (name == null) {
        return null;
      }
      try {
        return Compression.getCompressionAlgorithmByName(name.toLowerCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw io.hbasetunnel.worker.cli.WorkerException.badInput("--compression '" + name
            + "' is unknown; use one of NONE, GZ, SNAPPY, LZ4, ZSTD");
      }
    }
  }
}
