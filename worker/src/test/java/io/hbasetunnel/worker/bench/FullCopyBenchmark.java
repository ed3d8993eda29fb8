package io.hbasetunnel.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.testing.TestData;
import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.copy.StagingFileSystem;
import io.hbasetunnel.worker.hbase.ProcedureWait;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.CompactionState;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.SnapshotDescription;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.mapreduce.CopyTable;
import org.apache.hadoop.hbase.snapshot.ExportSnapshot;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full copy throughput, ours against HBase's own tools on the same data and clusters in one run.
 * Not part of the test suite (tag "bench"); run by hand:
 *
 * <pre>mvn -pl worker -am test -Pbench -Dtest=FullCopyBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.mb=1024</pre>
 *
 * Ours run in-process through the CLI entry point (and once more, the put path, in a child JVM
 * with a 256 MB heap: memory stays bounded); CopyTable and ExportSnapshot run as local MapReduce
 * jobs with 2 map slots; the raw byte copy of the same store files between the two filesystems
 * is the physical ceiling. Options: {@code -Dbench.mb=N} (table size), {@code -Dbench.skipExtras}
 * (no 256 MB-heap and rate-limit runs), {@code -Dbench.serial} (also the unpipelined bulkload
 * path: schema, copy, bulkload one after the other), {@code -Dbench.parallelism=N},
 * {@code -Dbench.skipPut} (only the bulkload pair), {@code -Dbench.repeat=N} (every tool N times,
 * round by round; medians reported, since one run on this shared 2-core machine moves by 20-40%).
 * Under every run: its CPU seconds by kind of thread ({@link ThreadCpu}).
 */
@Tag("bench")
class FullCopyBenchmark {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static final int VALUE_BYTES = 1000;
  private static final int REGIONS = 16;
  /** Ours run with the worker's own defaults unless told otherwise. */
  private static final String PARALLELISM = System.getProperty("bench.parallelism", "2");
  private static final String LOAD_THREADS = System.getProperty("bench.loadThreads", "2");

  @TempDir
  static Path work;

  /**
   * {@code compactionsAfter}: seconds to flush the destination and for both clusters to stop
   * compacting after the run (work it left behind).
   */
  record Run(String name, double seconds, long bytes, long rows, String loadAverage, double compactionsAfter) {
    double mbPerSecond() {
      return bytes / 1048576.0 / seconds;
    }

    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  @Test
  void fullCopyThroughputAgainstCopyTableAndExportSnapshot() throws Exception {
    long megabytes = Long.getLong("bench.mb", 1024);
    boolean extras = !Boolean.getBoolean("bench.skipExtras");
    boolean serial = Boolean.getBoolean("bench.serial");
    boolean withPut = !Boolean.getBoolean("bench.skipPut");
    int rows = (int) (megabytes * 1048576 / VALUE_BYTES);
    TableName table = CLUSTERS.source().createTable("bench").family("d").splits(TestTable.evenSplits(REGIONS, rows)).create();
    long loadStart = System.nanoTime();
    load(table, rows);
    CLUSTERS.source().admin().flush(table);
    long bytes = storeFileBytes(table);
    System.out.printf("loaded %d rows, %.1f MB of store files in %.1f s%n", rows, bytes / 1048576.0,
        (System.nanoTime() - loadStart) / 1e9);

    Path src = CLUSTERS.source().writeClientConfigDir(work);
    Path dst = CLUSTERS.destination().writeClientConfigDir(work);

    // the physical ceiling: the same store files streamed between the two filesystems, with 2 and
    // with 4 threads, each twice (the first run's JIT is cold); the fastest run is the ceiling
    Run raw = null;
    for (int threads : new int[] {2, 4, 2, 4}) {
      Run run = timed("raw byte copy of the store files (RawStoreFileCopy, " + threads + " threads)", bytes, rows,
          () -> RawStoreFileCopy.copy(CLUSTERS.source().conf(), table, CLUSTERS.destination().conf(),
              new org.apache.hadoop.fs.Path("/bench-raw-copy"), threads));
      raw = raw == null || run.seconds() < raw.seconds() ? run : raw;
    }
    int repeat = Integer.getInteger("bench.repeat", 1);
    Map<String, List<Run>> tools = new LinkedHashMap<>();
    for (int round = 1; round <= repeat; round++) {
      String n = repeat == 1 ? "" : "_" + round;
      List<String> targets = new ArrayList<>(withPut ? List.of("t_bulk" + n, "t_put" + n) : List.of("t_bulk" + n));
      Body bulkload = () -> {
        inProcess(src, dst, "copy", "--task-id", "bench-bulk" + n, "--table", "bench", "--target-table",
            "t_bulk" + n, "--mode", "BULKLOAD", "--create-table", "--load-as-staged", "--parallelism", PARALLELISM,
            "--load-threads", LOAD_THREADS);
        inProcess(src, dst, "bulkload", "--task-id", "bench-bulk" + n, "--table", "bench", "--target-table",
            "t_bulk" + n);
      };
      Body export = () -> exportSnapshot(table, bytes, "bench_export" + n, "t_export" + n);
      Body put = () -> inProcess(src, dst, "copy", "--task-id", "bench-put" + n, "--table", "bench", "--target-table",
          "t_put" + n, "--mode", "PUT", "--create-table", "--parallelism", PARALLELISM);
      Body copyTable = () -> copyTable("t_copytable" + n);
      if (withPut) {
        createLike(table, TableName.valueOf("t_copytable" + n), rows);
      }
      boolean oursFirst = round % 2 == 1;
      runPair(tools, oursFirst, BULKLOAD, bulkload, EXPORT_SNAPSHOT, export, bytes, rows);
      if (withPut) {
        runPair(tools, oursFirst, PUT, put, COPY_TABLE, copyTable, bytes, rows);
      }
      if (serial) {
        // the path before pipelining, for comparison: schema, then stage everything, then load everything
        add(tools, timed("HBase Tunnel bulkload, serial steps (schema, copy, bulkload)", bytes, rows, () -> {
          inProcess(src, dst, "schema", "--table", "bench", "--target-table", "t_serial" + n);
          inProcess(src, dst, "copy", "--task-id", "bench-serial" + n, "--table", "bench", "--target-table",
              "t_serial" + n, "--mode", "BULKLOAD", "--parallelism", PARALLELISM);
          inProcess(src, dst, "bulkload", "--task-id", "bench-serial" + n, "--table", "bench", "--target-table",
              "t_serial" + n);
        }));
        targets.add("t_serial" + n);
      }
      verify(table, targets);
      if (round < repeat) {
        // a 4 GB round leaves ~40 GB behind (tables, compacted files, WALs): give the disk back
        dropRound(List.of("t_bulk" + n, "t_put" + n, "t_copytable" + n, "t_export" + n, "t_serial" + n),
            "bench_export" + n, table);
      }
    }
    Run boundedHeap = null;
    double limitedMbps = 0;
    if (extras) {
      // memory stays bounded: a child JVM with a heap several times smaller than the table
      boundedHeap = timed("HBase Tunnel put path in a child JVM with -Xmx256m", bytes, rows, () ->
          worker(src, dst, "copy", "--task-id", "bench-heap", "--table", "bench", "--target-table", "t_heap",
              "--mode", "PUT", "--create-table", "--parallelism", PARALLELISM));
      verify(table, List.of("t_heap"));
      // the rate limit, as the copy step itself reports it
      Path progress = work.resolve("rate.json");
      inProcess(src, dst, "copy", "--task-id", "bench-rate", "--table", "bench", "--target-table", "t_rate",
          "--mode", "BULKLOAD", "--create-table", "--rate-limit-mbps", "40", "--parallelism", PARALLELISM,
          "--progress-file", progress.toString());
      limitedMbps = new com.fasterxml.jackson.databind.ObjectMapper().readTree(progress.toFile()).get("mbPerSecond").asDouble();
    }
    print(raw, tools, boundedHeap, limitedMbps);
  }

  private static final String BULKLOAD =
      "HBase Tunnel bulkload (copy --create-table --load-as-staged, then bulkload for leftovers)";
  private static final String PUT = "HBase Tunnel put path (copy --create-table --mode PUT)";
  private static final String COPY_TABLE = "HBase CopyTable (local MapReduce)";
  private static final String EXPORT_SNAPSHOT = "HBase ExportSnapshot + clone_snapshot";

  /**
   * Ours and the HBase tool it is compared with, one right after the other; every other round
   * HBase's tool goes first, so neither side always meets what the other left behind.
   */
  private static void runPair(Map<String, List<Run>> tools, boolean oursFirst, String ours, Body oursBody,
      String theirs, Body theirsBody, long bytes, long rows) throws Exception {
    if (oursFirst) {
      add(tools, timed(ours, bytes, rows, oursBody));
      add(tools, timed(theirs, bytes, rows, theirsBody));
    } else {
      add(tools, timed(theirs, bytes, rows, theirsBody));
      add(tools, timed(ours, bytes, rows, oursBody));
    }
  }

  private static void add(Map<String, List<Run>> tools, Run run) {
    tools.computeIfAbsent(run.name(), k -> new ArrayList<>()).add(run);
  }

  private static void copyTable(String target) throws Exception {
    Configuration conf = CLUSTERS.source().conf();
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    Configuration d = CLUSTERS.destination().conf();
    String peer = d.get(HConstants.ZOOKEEPER_QUORUM) + ":" + d.get(HConstants.ZOOKEEPER_CLIENT_PORT) + ":"
        + d.get(HConstants.ZOOKEEPER_ZNODE_PARENT);
    int code = ToolRunner.run(conf, new CopyTable(), new String[] {"--new.name=" + target, "--peer.adr=" + peer, "bench"});
    assertThat(code).isZero();
  }

  private static void exportSnapshot(TableName table, long bytes, String snapshot, String target) throws Exception {
    // ExportSnapshot skips files the destination already has: it must start from none and copy them all
    FileSystem fs = destinationFs();
    org.apache.hadoop.fs.Path exported = destinationArchive(table);
    assertThat(fs.exists(exported)).as("files of an earlier export are left").isFalse();
    // waited for as our copy waits for its own snapshot, so HBase's client back-off is not charged to it
    try (Admin admin = CLUSTERS.source().admin()) {
      ProcedureWait.await(admin.snapshotAsync(new SnapshotDescription(snapshot, table)), Duration.ofMinutes(10),
          "snapshot " + snapshot + " is taken");
    }
    // the same HDFS client settings as our staging writes: fresh clients whose file close does not wait 400 ms
    Configuration conf = StagingFileSystem.tuned(CLUSTERS.source().conf());
    conf.setBoolean("fs.hdfs.impl.disable.cache", true);
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    String copyTo = CommonFSUtils.getRootDir(CLUSTERS.destination().conf()).toString();
    int code = ToolRunner.run(conf, new ExportSnapshot(),
        new String[] {"-snapshot", snapshot, "-copy-to", copyTo, "-mappers", "2"});
    assertThat(code).isZero();
    assertThat(fs.getContentSummary(exported).getLength()).as("bytes ExportSnapshot wrote")
        .isGreaterThan(bytes * 99 / 100);
    try (Admin admin = CLUSTERS.destination().admin()) {
      ProcedureWait.await(admin.cloneSnapshotAsync(snapshot, TableName.valueOf(target)), Duration.ofMinutes(10),
          target + " is cloned");
    }
  }

  private static void verify(TableName table, List<String> targets) throws IOException {
    for (String target : targets) {
      VerifyReport report = new TableVerifier(CLUSTERS.source().connection(), CLUSTERS.destination().connection())
          .verify(table, TableName.valueOf(target), Set.of());
      assertThat(report.identical()).as(report.summary()).isTrue();
    }
  }

  /**
   * Drops a round's destination tables and the exported snapshot, then deletes what HBase would
   * only clean up minutes later (archived store files, old WALs), so the next round has the disk.
   * ExportSnapshot writes the source table's files into the destination's archive under the
   * source table's name and skips files already there: they go too, or the next round's export
   * would copy nothing.
   */
  private static void dropRound(List<String> tables, String exported, TableName source) throws IOException {
    try (Admin admin = CLUSTERS.destination().admin()) {
      admin.deleteSnapshot(exported);
      for (String name : tables) {
        TableName table = TableName.valueOf(name);
        if (admin.tableExists(table)) {
          admin.disableTable(table);
          admin.deleteTable(table);
        }
      }
    }
    FileSystem fs = destinationFs();
    for (String name : tables) {
      fs.delete(destinationArchive(TableName.valueOf(name)), true);
    }
    fs.delete(destinationArchive(source), true);
    org.apache.hadoop.fs.Path oldWals = new org.apache.hadoop.fs.Path(
        CommonFSUtils.getRootDir(CLUSTERS.destination().conf()), HConstants.HREGION_OLDLOGDIR_NAME);
    if (fs.exists(oldWals)) {
      for (org.apache.hadoop.fs.FileStatus wal : fs.listStatus(oldWals)) {
        fs.delete(wal.getPath(), true);
      }
    }
  }

  private static FileSystem destinationFs() throws IOException {
    Configuration conf = CLUSTERS.destination().conf();
    return CommonFSUtils.getRootDir(conf).getFileSystem(conf);
  }

  /** Where the destination keeps a table's archived store files (and ExportSnapshot its exported ones). */
  private static org.apache.hadoop.fs.Path destinationArchive(TableName table) throws IOException {
    org.apache.hadoop.fs.Path root = CommonFSUtils.getRootDir(CLUSTERS.destination().conf());
    return CommonFSUtils.getTableDir(new org.apache.hadoop.fs.Path(root, HConstants.HFILE_ARCHIVE_DIRECTORY), table);
  }

  /** Median seconds of a tool's runs (the middle run; the faster middle one of an even count). */
  private static Run median(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Run::seconds));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static void print(Run raw, Map<String, List<Run>> tools, Run boundedHeap, double limitedMbps) {
    // without the put pair (-Dbench.skipPut) there is no CopyTable run to compare with
    Run copyTable = tools.containsKey(COPY_TABLE) ? median(tools.get(COPY_TABLE)) : null;
    Run export = median(tools.get(EXPORT_SNAPSHOT));
    int repeat = tools.get(BULKLOAD).size();
    StringBuilder out = new StringBuilder(String.format("%nload average (1 min) at start %s, at end %s%n",
        LOAD_AT_START, loadAverage()));
    out.append(String.format("%nmedian of %d run(s) per tool; every run's seconds in the last column%n", repeat));
    out.append("\n| run | seconds | MB/s | rows/s | load avg | x CopyTable | x ExportSnapshot+clone | x raw copy"
        + " | then flushing, compacting (s) | all runs (s) |\n|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, List<Run>> all = new LinkedHashMap<>(tools);
    all.put(raw.name(), List.of(raw));
    all.forEach((name, runs) -> {
      Run run = median(runs);
      out.append(String.format("| %s | %.1f | %.1f | %.0f | %s | %s | %.2f | %.2f | %.1f | %s |%n", run.name(),
          run.seconds(), run.mbPerSecond(), run.rowsPerSecond(), run.loadAverage(),
          copyTable == null ? "-" : String.format("%.2f", run.mbPerSecond() / copyTable.mbPerSecond()),
          run.mbPerSecond() / export.mbPerSecond(),
          run.mbPerSecond() / raw.mbPerSecond(), run.compactionsAfter(),
          runs.stream().map(r -> String.format("%.1f", r.seconds())).collect(Collectors.joining(", "))));
    });
    out.append(String.format("%nround by round: bulkload x ExportSnapshot+clone %s; put x CopyTable %s%n",
        ratios(tools.get(EXPORT_SNAPSHOT), tools.get(BULKLOAD)),
        copyTable == null ? "-" : ratios(tools.get(COPY_TABLE), tools.get(PUT))));
    if (boundedHeap != null) {
      out.append(String.format("%n%s: %.1f s, %.1f MB/s (table %.0f MB, heap 256 MB)%n", boundedHeap.name(),
          boundedHeap.seconds(), boundedHeap.mbPerSecond(), boundedHeap.bytes() / 1048576.0));
      out.append(String.format("rate limit 40 MB/s: the copy step reported %.1f MB/s (%.0f%% of target)%n",
          limitedMbps, limitedMbps / 40 * 100));
    }
    System.out.println(out);
  }

  /** Speed-up of each of ours over the run of HBase's tool in the same round. */
  private static String ratios(List<Run> theirs, List<Run> ours) {
    List<String> ratios = new ArrayList<>();
    for (int i = 0; i < ours.size(); i++) {
      ratios.add(String.format("%.2f", theirs.get(i).seconds() / ours.get(i).seconds()));
    }
    return String.join(", ", ratios);
  }

  private static final String LOAD_AT_START = loadAverage();

  /** The 1-minute load average before and after a run: this machine is shared, say how busy it was. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private static Run timed(String name, long bytes, long rows, Body body) throws Exception {
    settle();
    String before = loadAverage();
    ThreadCpu cpu = new ThreadCpu();
    long start = System.nanoTime();
    body.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> cpuByKind = cpu.secondsByKind();
    String after = loadAverage();
    Run run = new Run(name, seconds, bytes, rows, before + " -> " + after, settle());
    System.out.printf("%s: %.1f s, %.1f MB/s, load average %s, then %.1f s of flushes and compactions%n", name,
        run.seconds(), run.mbPerSecond(), run.loadAverage(), run.compactionsAfter());
    System.out.printf("  %s%n", ThreadCpu.summary(cpuByKind, 14));
    return run;
  }

  /**
   * Flushes the destination and waits until neither cluster compacts anything, so no run pays for
   * the flushes and compactions that the run before it (or the load) left on the same 2 cores;
   * returns the seconds that took.
   */
  private static double settle() throws Exception {
    long start = System.nanoTime();
    // a put-path run leaves its last writes in the destination's memstore; the next run would
    // pay for flushing them (its own writes reach the global memstore limit sooner)
    try (Admin admin = CLUSTERS.destination().admin()) {
      for (TableName name : admin.listTableNames()) {
        admin.flush(name);
      }
    }
    while (compacting(CLUSTERS.source().admin()) || compacting(CLUSTERS.destination().admin())) {
      if (System.nanoTime() - start > 1800e9) {
        throw new IllegalStateException("compactions still running after 30 minutes");
      }
      Thread.sleep(500);
    }
    double compacting = (System.nanoTime() - start) / 1e9;
    // then up to 60 s more for what compaction states do not show (verification, the datanodes
    // deleting a dropped round's blocks): a run should not start on a machine still busy
    long quiet = System.nanoTime();
    while (loadAverageValue() > QUIET_LOAD && System.nanoTime() - quiet < 60e9) {
      Thread.sleep(1000);
    }
    return compacting;
  }

  /** Runs here started at 1.1-2.3 once the clusters had stopped compacting; 6.5 after verification. */
  private static final double QUIET_LOAD = 2.5;

  private static double loadAverageValue() {
    try {
      return Double.parseDouble(loadAverage());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean compacting(Admin admin) throws IOException {
    try (admin) {
      for (TableName name : admin.listTableNames()) {
        if (admin.getCompactionState(name) != CompactionState.NONE) {
          return true;
        }
      }
      return false;
    }
  }

  private static void inProcess(Path src, Path dst, String command, String... args) {
    long start = System.nanoTime();
    int code = io.hbasetunnel.worker.WorkerMain.run(WorkerProcess.withClusters(src, dst, command, args));
    assertThat(code).as("worker %s", command).isZero();
    System.out.printf("  %s: %.1f s%n", command, (System.nanoTime() - start) / 1e9);
  }

  private static void worker(Path src, Path dst, String command, String... args) throws Exception {
    WorkerProcess process = WorkerProcess.start(work, "-Xmx256m", WorkerProcess.withClusters(src, dst, command, args));
    int code = process.waitFor(3600);
    assertThat(code).as(process.outputText()).isZero();
  }

  private static void load(TableName table, int rows) throws IOException {
    Random random = new Random(1);
    byte[] value = new byte[VALUE_BYTES];
    byte[] family = Bytes.toBytes("d");
    byte[] qualifier = Bytes.toBytes("v");
    BufferedMutatorParams params = new BufferedMutatorParams(table).writeBufferSize(8 << 20);
    try (BufferedMutator mutator = CLUSTERS.source().connection().getBufferedMutator(params)) {
      for (int i = 0; i < rows; i++) {
        random.nextBytes(value);
        // the benchmark's data need not survive a crash of the load itself
        mutator.mutate(new Put(Bytes.toBytes(TestData.rowKey(i))).setDurability(Durability.SKIP_WAL)
            .addColumn(family, qualifier, value.clone()));
      }
    }
  }

  private static long storeFileBytes(TableName table) throws IOException {
    Configuration conf = CLUSTERS.source().conf();
    FileSystem fs = FileSystem.get(conf);
    return fs.getContentSummary(CommonFSUtils.getTableDir(CommonFSUtils.getRootDir(conf), table)).getLength();
  }

  private static void createLike(TableName source, TableName target, int rows) throws IOException {
    try (Admin src = CLUSTERS.source().admin(); Admin dst = CLUSTERS.destination().admin()) {
      dst.createTable(TableDescriptorBuilder.copy(target, src.getDescriptor(source)), TestTable.evenSplits(REGIONS, rows));
    }
  }
}
