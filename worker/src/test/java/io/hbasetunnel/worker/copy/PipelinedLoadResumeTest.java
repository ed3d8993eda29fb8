package io.hbasetunnel.worker.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.testing.SharedClusters;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.hbase.Connections;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.HFileLink;
import org.apache.hadoop.hbase.regionserver.HRegion;
import org.apache.hadoop.hbase.regionserver.HStore;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code copy --load-as-staged} killed at each point of staging and loading (the worker halts
 * itself at a named point, as a SIGKILL would leave it), then rerun, then {@code bulkload}: every
 * staged store file is loaded, none twice (except the one documented case), and the destination
 * equals the source cell for cell, RAW and VISIBLE, with same-timestamp overwrites spread over
 * three store files per region and a destination split differently, so files are split on load.
 * Workers run with a 256 MB heap.
 */
@SharedClusters
class PipelinedLoadResumeTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static final int ROWS = 8000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOADED = Pattern.compile("loaded files \\[([^\\]]*)\\]");

  @TempDir
  static Path work;

  private static TableName source;
  private static Path sourceConf;
  private static Path destinationConf;
  /** The destination with HBase's bulk-load tool loading one region at a time: a halt between regions leaves pieces. */
  private static Path oneRegionAtATime;
  private static Connection src;
  private static Connection dst;

  @BeforeAll
  static void sourceTable() throws Exception {
    // compactions off on both sides: the source keeps its store files apart, and the RAW compare
    // of the destination sees every marker and version the copy wrote
    try (Admin admin = CLUSTERS.source().admin()) {
      admin.compactionSwitch(false, List.of());
    }
    try (Admin admin = CLUSTERS.destination().admin()) {
      admin.compactionSwitch(false, List.of());
    }
    source = HardDataTables.sameTimestampOverwrites(CLUSTERS.source(), "pipelined", ROWS);
    sourceConf = CLUSTERS.source().writeClientConfigDir(work);
    destinationConf = CLUSTERS.destination().writeClientConfigDir(work);
    oneRegionAtATime = Files.createDirectories(work.resolve("destination-one-thread"));
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.addResource(new org.apache.hadoop.fs.Path(destinationConf.resolve("hbase-site.xml").toUri()));
    conf.setInt("hbase.loadincremental.threads.max", 1);
    try (var out = Files.newOutputStream(oneRegionAtATime.resolve("hbase-site.xml"))) {
      conf.writeXml(out);
    }
    src = Connections.open("source", CLUSTERS.source().conf());
    dst = Connections.open("destination", CLUSTERS.destination().conf());
  }

  @AfterAll
  static void close() throws Exception {
    src.close();
    dst.close();
  }

  @Test
  void createsTheTableWhileCopyingAndLoadsEveryUnitAsItIsStaged() throws Exception {
    String task = "workflow-pipe-clean";
    Path progressFile = work.resolve(task + ".json");
    WorkerProcess copy = worker(List.of(), "copy", "--task-id", task, "--table", "pipelined", "--target-table",
        "pipe_created", "--mode", "BULKLOAD", "--load-as-staged", "--create-table", "--progress-file", progressFile.toString());
    assertThat(copy.waitFor(240)).as(copy.outputText()).isEqualTo(ExitCodes.OK);
    JsonNode report = JSON.readTree(Files.readString(progressFile));
    assertThat(report.get("unitsTotal").asInt()).isEqualTo(4);
    assertThat(report.get("unitsLoaded").asInt()).isEqualTo(4);
    assertThat(copy.outputText()).contains("time pipelined:", "create table", "load after the last unit copied");
    try (Admin admin = dst.getAdmin()) {
      assertThat(admin.getRegions(TableName.valueOf("pipe_created"))).hasSize(4);
    }
    // the bulkload step finds nothing left
    Path loadProgress = work.resolve(task + "-load.json");
    WorkerProcess load = worker(List.of(), "bulkload", "--task-id", task, "--table", "pipelined", "--target-table",
        "pipe_created", "--progress-file", loadProgress.toString());
    assertThat(load.waitFor(120)).as(load.outputText()).isEqualTo(ExitCodes.OK);
    JsonNode loadReport = JSON.readTree(Files.readString(loadProgress));
    assertThat(loadReport.get("unitsSkipped").asInt()).isEqualTo(4);
    assertThat(loadReport.get("bytes").asLong()).isZero();
    assertExact(TableName.valueOf("pipe_created"));
    assertThat(loadedFiles(copy.outputText())).containsExactlyInAnyOrderElementsOf(stagedFiles(task));
  }

  @Test
  void loadAsStagedNeedsTheBulkloadPath() throws Exception {
    WorkerProcess put = worker(List.of(), "copy", "--task-id", "workflow-pipe-put", "--table", "pipelined",
        "--mode", "PUT", "--load-as-staged");
    assertThat(put.waitFor(60)).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(put.outputText()).contains("--load-as-staged loads staged HFiles; it needs --mode BULKLOAD")
        .doesNotContain("\tat ");
    WorkerProcess retaining = worker(List.of(), "copy", "--task-id", "workflow-pipe-retain", "--table", "pipelined",
        "--target-table", "pipe_never_created", "--create-table", "--retain-deletes");
    assertThat(retaining.waitFor(60)).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(retaining.outputText()).contains("create the table with `worker schema --retain-deletes` first")
        .doesNotContain("\tat ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stage.fileWritten:3", "stage.unitDone:1", "load.regionDone:1", "load.roundDone:2",
      "load.requestDone:2", "load.unitDone:1"})
  void killedAtAnyPointTheRerunLoadsWhatIsLeftOnceAndTheCopyIsExact(String faultPoint) throws Exception {
    String name = faultPoint.replaceAll("[^A-Za-z0-9]", "_");
    String task = "workflow-pipe-" + name.toLowerCase();
    TableName target = TableName.valueOf("pipe_" + name);
    createWithOtherSplits(target);

    WorkerProcess killed = worker(List.of("-Dhbasetunnel.fault.halt=" + faultPoint), oneRegionAtATime, "copy", "--task-id", task,
        "--table", "pipelined", "--target-table", target.getNameAsString(), "--mode", "BULKLOAD", "--load-as-staged",
        "--parallelism", "1", "--load-threads", "1");
    assertThat(killed.waitFor(240)).as(killed.outputText()).isEqualTo(137);
    assertThat(killed.outputText()).contains("fault point " + faultPoint + " reached");

    Path progressFile = work.resolve(task + ".json");
    WorkerProcess rerun = worker(List.of(), "copy", "--task-id", task, "--table", "pipelined", "--target-table",
        target.getNameAsString(), "--mode", "BULKLOAD", "--load-as-staged", "--progress-file", progressFile.toString());
    assertThat(rerun.waitFor(240)).as(rerun.outputText()).isEqualTo(ExitCodes.OK);
    assertThat(JSON.readTree(Files.readString(progressFile)).get("unitsLoaded").asInt()).isEqualTo(4);

    WorkerProcess load = worker(List.of(), "bulkload", "--task-id", task, "--table", "pipelined", "--target-table",
        target.getNameAsString());
    assertThat(load.waitFor(120)).as(load.outputText()).isEqualTo(ExitCodes.OK);
    assertThat(loadedFiles(load.outputText())).as("the copy loaded everything").isEmpty();

    List<String> loaded = new ArrayList<>(loadedFiles(killed.outputText()));
    loaded.addAll(loadedFiles(rerun.outputText()));
    Map<String, Integer> times = new HashMap<>();
    // pieces of a file whose load was interrupted are staged again under <piece>_SeqId_<id>_
    loaded.stream().filter(f -> !f.contains("_SeqId_")).forEach(f -> times.merge(f, 1, Integer::sum));
    Set<String> twice = new TreeSet<>();
    times.forEach((file, n) -> {
      if (n > 1) {
        twice.add(file);
      }
    });
    assertThat(twice).as("nothing loaded twice; killed:%n%s%nrerun:%n%s", killed.outputText(), rerun.outputText())
        .isEmpty();
    Set<String> covered = new TreeSet<>(times.keySet());
    if (faultPoint.startsWith("load.regionDone")) {
      // killed between the regions of a split file: the file is gone (HBase deletes it once split),
      // one piece is in its region, the rest is staged again from the marker and loaded first
      List<String> interrupted = lastRequest(killed.outputText(), "loading files");
      assertThat(interrupted).hasSize(1);
      assertThat(times).doesNotContainKey(interrupted.get(0));
      assertThat(rerun.outputText()).contains("the load of f/" + interrupted.get(0).substring(interrupted.get(0)
          .lastIndexOf('/') + 1) + " was interrupted");
      assertThat(loadedFiles(rerun.outputText())).anyMatch(f -> f.contains("_SeqId_"));
      covered.add(interrupted.get(0));
    }
    assertThat(covered).as("every staged file is loaded").containsExactlyInAnyOrderElementsOf(stagedFiles(task));
    assertExact(target);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void filesWithNoTimestampInCommonShareALoadRoundUnlessTheFamilyOrdersBySequenceId(boolean newVersionBehavior)
      throws Exception {
    String name = "timed_" + newVersionBehavior;
    TableName timed = HardDataTables.timeOrderedFlushes(CLUSTERS.source(), name, 2000, newVersionBehavior);
    TableName target = TableName.valueOf(name + "_copy");
    WorkerProcess copy = worker(List.of(), "copy", "--task-id", "workflow-" + name.replace('_', '-'), "--table", name,
        "--target-table", target.getNameAsString(), "--mode", "BULKLOAD", "--load-as-staged", "--create-table");
    assertThat(copy.waitFor(240)).as(copy.outputText()).isEqualTo(ExitCodes.OK);
    // a bulk-loaded file is named <name>_SeqId_<id>_: one id per request
    for (HRegion region : CLUSTERS.destination().util().getHBaseCluster().getRegions(target)) {
      for (HStore store : region.getStores()) {
        Set<String> ids = new TreeSet<>();
        store.getStorefiles().forEach(f -> ids.add(f.getPath().getName().replaceAll(".*_SeqId_(\\d+)_$", "$1")));
        assertThat(store.getStorefilesCount()).as("%s", region).isEqualTo(3);
        assertThat(ids).as("%s", region).hasSize(newVersionBehavior ? 3 : 1);
      }
    }
    TableVerifier verifier = new TableVerifier(src, dst);
    VerifyReport raw = verifier.verify(timed, target, Set.of());
    assertThat(raw.identical()).as(raw.summary()).isTrue();
    assertThat(raw.sourceCells()).isGreaterThanOrEqualTo(2000L * 6);
    VerifyReport visible = verifier.mode(TableVerifier.Mode.VISIBLE).verify(timed, target, Set.of());
    assertThat(visible.identical()).as(visible.summary()).isTrue();
  }

  // --- helpers ----------------------------------------------------------------------------

  private static WorkerProcess worker(List<String> jvmOptions, String command, String... args) throws Exception {
    return worker(jvmOptions, destinationConf, command, args);
  }

  private static WorkerProcess worker(List<String> jvmOptions, Path destination, String command, String... args)
      throws Exception {
    List<String> options = new ArrayList<>(List.of("-Xmx256m"));
    options.addAll(jvmOptions);
    return WorkerProcess.start(work, options, WorkerProcess.withClusters(sourceConf, destination, command, args));
  }

  /** A destination region boundary inside every source region: each staged file is split on load. */
  private static void createWithOtherSplits(TableName target) throws Exception {
    try (Admin srcAdmin = src.getAdmin(); Admin admin = dst.getAdmin()) {
      admin.createTable(TableDescriptorBuilder.copy(target, srcAdmin.getDescriptor(source)), new byte[][] {
          HardDataTables.row(ROWS / 8), HardDataTables.row(3 * ROWS / 8), HardDataTables.row(5 * ROWS / 8),
          HardDataTables.row(7 * ROWS / 8)});
    }
  }

  /** unit/family/file of every store file in the task's snapshot: what must be staged and loaded. */
  private static List<String> stagedFiles(String task) throws Exception {
    SnapshotSource snapshot = SnapshotSource.open(CLUSTERS.source().conf(), SnapshotSource.defaultName(task, source));
    List<String> files = new ArrayList<>();
    for (WorkUnit unit : snapshot.units()) {
      unit.storeFiles().forEach((family, names) -> names.forEach(n -> files.add(unit.id() + "/" + family + "/"
          + (HFileLink.isHFileLink(n) ? HFileLink.getReferencedHFileName(n) : n))));
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(4 * 3);
    return files;
  }

  private static List<String> loadedFiles(String output) {
    List<String> files = new ArrayList<>();
    Matcher m = LOADED.matcher(output);
    while (m.find()) {
      for (String file : m.group(1).split(",")) {
        if (!file.isBlank()) {
          files.add(file.trim());
        }
      }
    }
    return files;
  }

  private static List<String> lastRequest(String output, String what) {
    Matcher m = Pattern.compile(what + " \\[([^\\]]*)\\]").matcher(output);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    assertThat(last).isNotNull();
    return List.of(last.split(",")).stream().map(String::trim).toList();
  }

  private static void assertExact(TableName target) throws Exception {
    TableVerifier verifier = new TableVerifier(src, dst);
    VerifyReport raw = verifier.verify(source, target, Set.of());
    assertThat(raw.identical()).as(raw.summary()).isTrue();
    assertThat(raw.sourceCells()).isEqualTo(ROWS * 3L);
    VerifyReport visible = verifier.mode(TableVerifier.Mode.VISIBLE).verify(source, target, Set.of());
    assertThat(visible.identical()).as(visible.summary()).isTrue();
    try (Table t = dst.getTable(target)) {
      // the newest of three same-timestamp values wins, as on the source
      assertThat(Bytes.toString(t.get(new Get(HardDataTables.row(80))).getValue(HardDataTables.F, Bytes.toBytes("q1"))))
          .isEqualTo("v3-80-1");
      assertThat(Bytes.toString(t.get(new Get(HardDataTables.row(40))).getValue(HardDataTables.F, Bytes.toBytes("q1"))))
          .isEqualTo("v2-40-1");
    }
  }
}
