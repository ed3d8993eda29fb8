package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.hbasetunnel.testing.TestCluster;
import io.hbasetunnel.testing.TestTable;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.schema.SchemaCopier;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.regionserver.HRegion;
import org.apache.hadoop.hbase.regionserver.HStore;
import org.apache.hadoop.hbase.regionserver.HStoreFile;

/** Starts `worker wal-sync` / `release-pin` child processes between two clusters and reads their status files. */
final class SyncWorkers {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TwoHBaseClusters clusters;
  private final Path work;
  private final Path sourceConf;
  private final Path destinationConf;

  private SyncWorkers(TwoHBaseClusters clusters, Path work) throws IOException {
    this(clusters, work, clusters.source().writeClientConfigDir(work), clusters.destination().writeClientConfigDir(work));
  }

  private SyncWorkers(TwoHBaseClusters clusters, Path work, Path sourceConf, Path destinationConf) {
    this.clusters = clusters;
    this.work = work;
    this.sourceConf = sourceConf;
    this.destinationConf = destinationConf;
  }

  /** The same workers, given another source configuration directory (e.g. one that lacks a setting). */
  SyncWorkers withSourceConf(Path otherSourceConf) {
    return new SyncWorkers(clusters, work, otherSourceConf, destinationConf);
  }

  Path sourceConf() {
    return sourceConf;
  }

  /** Writes both clusters' client configs under {@code work} and turns their compactions off. */
  static SyncWorkers between(TwoHBaseClusters clusters, Path work) throws IOException {
    for (var cluster : List.of(clusters.source(), clusters.destination())) {
      try (Admin admin = cluster.admin()) {
        // compactions would drop delete markers on one side at another time than on the other
        admin.compactionSwitch(false, List.of());
      }
    }
    return new SyncWorkers(clusters, work);
  }

  /**
   * Writes both clusters' client configs under {@code work} and leaves their compactions as they
   * are (on by default): for tests whose writers never write a put at or below a delete marker
   * already written, where compacting the two sides at different moments changes no visible result.
   */
  static SyncWorkers withCompactions(TwoHBaseClusters clusters, Path work) throws IOException {
    return new SyncWorkers(clusters, work);
  }

  /** A source table with 4 regions and 100 versions, and its copy on the destination. */
  TableName createSynced(String name) throws IOException {
    return createSynced(name, false);
  }

  /** As {@link #createSynced(String)}; {@code retainDeletes}: as {@code schema --retain-deletes}. */
  TableName createSynced(String name, boolean retainDeletes) throws IOException {
    TableName table = clusters.source().createTable(name).family("d", f -> f.setMaxVersions(100))
        .splits(TestTable.evenSplits(4, 200)).create();
    new SchemaCopier(clusters.source().connection(), clusters.destination().connection())
        .copy(table, table, Set.of(), null, retainDeletes, false);
    return table;
  }

  WorkerProcess walSync(String syncId, String tables, long start, Path status, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--sync-id", syncId, "--tables", tables, "--start-time",
        String.valueOf(start), "--status-file", status.toString(), "--poll-ms", "50"));
    args.addAll(List.of(extra));
    return WorkerProcess.start(work, "-Xmx512m",
        WorkerProcess.withClusters(sourceConf, destinationConf, "wal-sync", args.toArray(String[]::new)));
  }

  /** Runs release-pin to its end and returns what it printed. */
  String releasePin(String syncId) throws Exception {
    WorkerProcess release = WorkerProcess.start(work, "-Xmx256m",
        WorkerProcess.withClusters(sourceConf, destinationConf, "release-pin", "--sync-id", syncId));
    if (release.waitFor(120) != 0) {
      throw new AssertionError("release-pin failed:\n" + release.outputText());
    }
    return release.outputText();
  }

  /**
   * Waits until readers see the same table on both sides (every visible version), then compares
   * every raw cell after a flush and major compaction of both. Raw cells before that differ by
   * design: a flush drops the puts a delete marker masks when both are in one memstore, and the
   * two clusters flush at different moments; a major compaction applies the same rules to both.
   */
  VerifyReport awaitEqual(List<WorkerProcess> syncs, TableName table) throws Exception {
    awaitVisiblyEqual(syncs, table);
    return rawEqualAfterMajorCompaction(table);
  }

  /** Waits until readers see the same table on both sides (every visible version), while the syncs run. */
  void awaitVisiblyEqual(List<WorkerProcess> syncs, TableName table) {
    TableVerifier visible = new TableVerifier(clusters.source().connection(), clusters.destination().connection())
        .mode(TableVerifier.Mode.VISIBLE);
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      for (WorkerProcess sync : syncs) {
        assertThat(sync.isAlive()).as(sync.outputText()).isTrue();
      }
      VerifyReport report = visible.verify(table, table, Set.of());
      assertThat(report.identical()).as(report.summary()).isTrue();
    });
  }

  /** Flushes and major-compacts both sides ({@link #compactFully}), then compares every raw cell. */
  VerifyReport rawEqualAfterMajorCompaction(TableName table) throws Exception {
    for (var cluster : List.of(clusters.source(), clusters.destination())) {
      compactFully(cluster, table);
    }
    VerifyReport raw = new TableVerifier(clusters.source().connection(), clusters.destination().connection())
        .verify(table, table, Set.of());
    assertThat(raw.identical()).as(raw.summary()).isTrue();
    assertThat(raw.sourceCells()).isPositive();
    return raw;
  }

  /**
   * Flushes the table and major-compacts every store twice, each time waiting until the store
   * holds one file written by that compaction (a requested major compaction of a store that is
   * compacting already is skipped silently). Twice, because a major compaction drops a
   * KEEP_DELETED_CELLS marker only when it is older than the earliest put of its input files,
   * counting the puts that the same compaction drops as excess versions: the first one's result
   * depends on which files each side happened to hold (seen once: 10 family markers older than
   * every surviving put, gone on the source and kept on the destination). The second reads one
   * file holding the surviving cells only, so equal cells end equal on both sides.
   */
  static void compactFully(TestCluster cluster, TableName table) {
    Set<String> first = majorCompactEveryStore(cluster, table, Set.of());
    majorCompactEveryStore(cluster, table, first);
  }

  /** Returns the store files once every store holds one major-compaction result not in {@code replaced}. */
  private static Set<String> majorCompactEveryStore(TestCluster cluster, TableName table, Set<String> replaced) {
    Set<String> files = new HashSet<>();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      files.clear();
      cluster.util().flush(table);
      cluster.util().compact(table, true);
      for (var server : cluster.util().getMiniHBaseCluster().getLiveRegionServerThreads()) {
        for (HRegion region : server.getRegionServer().getRegions(table)) {
          for (HStore store : region.getStores()) {
            for (HStoreFile file : store.getStorefiles()) {
              String path = file.getPath().toString();
              if (store.getStorefilesCount() > 1 || !file.isMajorCompactionResult() || replaced.contains(path)) {
                return false;
              }
              files.add(path);
            }
          }
        }
      }
      return true;
    });
    return files;
  }

  static JsonNode status(Path file) {
    try {
      return Files.exists(file) ? JSON.readTree(Files.readString(file)) : MissingNode.getInstance();
    } catch (IOException e) {
      // being replaced right now
      return MissingNode.getInstance();
    }
  }

  static long offset(Path file) {
    return status(file).path("offset").asLong();
  }

  static int streams(Path file) {
    return status(file).path("streams").asInt();
  }
}
