package io.hbasetunnel.worker.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.contract.report.Reports;
import io.hbasetunnel.worker.cli.ClusterOptions;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.TableOptions;
import io.hbasetunnel.worker.hbase.Connections;
import java.util.concurrent.Callable;
import org.apache.hadoop.hbase.TableName;
import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.copy.SnapshotSource;
import io.hbasetunnel.worker.hbase.CellFilter;
import org.apache.hadoop.hbase.client.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker verify}: is the destination table a cell-for-cell copy of the source? */
@Command(name = "verify",
    mixinStandardHelpOptions = true,
    description = {
        "Compare a source table with a destination table cell by cell: every version, timestamp,",
        "cell type and delete marker. Streams both tables in key order; works on tables larger than memory.",
        "",
        "Example:",
        "  worker verify --source-zk zk1:2181:/hbase --destination-zk zk9:2181:/hbase \\",
        "      --table ns:orders --target-table ns:orders_v2 --families d,m",
        "  worker verify ... --table ns:orders --snapshot hbt-workflow-1f2e-ns-orders --sample-regions 8",
        "",
        "Exit codes: 0 identical, 3 differences found, 2 bad input, 1 cluster unreachable."})
public final class VerifyCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions clusters;

  @Mixin
  TableOptions table;

  @Option(names = "--mode", defaultValue = "RAW",
      description = "RAW (default): delete markers too, the exact check; VISIBLE: what readers see.")
  TableVerifier.Mode mode;

  @Option(names = "--max-diffs", defaultValue = "20", description = "How many differences to print (default 20).")
  int maxDiffs;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--snapshot", description = {"Compare the destination with this snapshot of the source table",
      "(read from the source's filesystem) instead of the live table: later writes to the source do not count."})
  String snapshot;

  @Option(names = "--sample-regions", defaultValue = "0", description = {"With --snapshot: compare this many of its",
      "regions, spread evenly over the key space (0, the default: every region)."})
  int sampleRegions;

  @Option(names = "--report-file", description = {"Also write the report as JSON to this file, e.g. /dev/termination-log",
      "(the operator's verify Job reads it from the pod status): at most 4096 bytes, the counts whole, long keys",
      "shortened and the first differences cut to fit."})
  java.nio.file.Path reportFile;

  @Override
  public Integer call() throws Exception {
    if (sampleRegions < 0) {
      throw WorkerException.badInput("--sample-regions must be 0 (every region) or more");
    }
    if (sampleRegions > 0 && snapshot == null) {
      throw WorkerException.badInput("--sample-regions needs --snapshot: a live table is compared whole");
    }
    TableName src = table.source();
    TableName dst = table.target();
    try (Connection source = Connections.open("source", clusters.source());
        Connection destination = Connections.open("destination", clusters.destination())) {
      TableVerifier verifier = new TableVerifier(source, destination).mode(mode).maxReportedDifferences(maxDiffs);
      VerifyReport report = snapshot == null ? verifier.verify(src, dst, table.families())
          : verifier.verifySnapshot(snapshotOf(src), dst, CellFilter.ALL.withFamilies(table.families()), sampleRegions);
      String asJson = Reports.write(report.toJson());
      System.out.print(json ? asJson + "\n" : report.summary());
      if (reportFile != null) {
        ReportFile.write(reportFile, report, new ObjectMapper());
      }
      return report.identical() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
    }
  }

  private SnapshotSource snapshotOf(TableName sourceTable) throws java.io.IOException {
    SnapshotSource opened = SnapshotSource.open(clusters.source(), snapshot);
    if (!opened.table().equals(sourceTable)) {
      throw WorkerException.badInput("snapshot " + snapshot + " is of table " + opened.table() + ", not " + sourceTable
          + "; give --table " + opened.table() + " or another snapshot");
    }
    return opened;
  }
}
