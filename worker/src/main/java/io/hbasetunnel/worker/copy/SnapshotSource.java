package io.hbasetunnel.worker.copy;

import io.hbasetunnel.contract.naming.SourceNames;
import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.hbase.ProcedureWait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.SnapshotDescription;
import org.apache.hadoop.hbase.client.SnapshotType;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.shaded.protobuf.ProtobufUtil;
import org.apache.hadoop.hbase.shaded.protobuf.generated.SnapshotProtos;
import org.apache.hadoop.hbase.snapshot.RestoreSnapshotHelper;
import org.apache.hadoop.hbase.snapshot.SnapshotCreationException;
import org.apache.hadoop.hbase.snapshot.SnapshotDescriptionUtils;
import org.apache.hadoop.hbase.snapshot.SnapshotManifest;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.hbase.util.CommonFSUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consistent point in time of the source table: a snapshot (taken here or named by the user),
 * read straight from the source's filesystem so region servers serve no reads for the copy.
 */
public final class SnapshotSource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSource.class);

  private final Configuration conf;
  private final FileSystem fs;
  private final Path rootDir;
  private final String snapshotName;
  private final SnapshotManifest manifest;

  private SnapshotSource(Configuration conf, FileSystem fs, Path rootDir, String snapshotName, SnapshotManifest manifest) {
    this.conf = conf;
    this.fs = fs;
    this.rootDir = rootDir;
    this.snapshotName = snapshotName;
    this.manifest = manifest;
  }

  /** The snapshot name a task uses for a table when the user names none. */
  public static String defaultName(String taskId, TableName table) {
    return SourceNames.snapshotName(taskId, table.getNameAsString());
  }

  /**
   * Takes the snapshot unless it exists; several shards may race here, and all of them end up
   * using the one snapshot that completed.
   */
  public static void ensureSnapshot(Admin admin, String name, TableName table) throws IOException {
    if (snapshotExists(admin, name)) {
      return;
    }
    if (!admin.tableExists(table)) {
      throw WorkerException.badInput("source table " + table + " does not exist; check the name ([namespace:]table)");
    }
    try {
      long start = System.nanoTime();
      SnapshotDescription description = new SnapshotDescription(name, table, SnapshotType.FLUSH);
      ProcedureWait.await(admin.snapshotAsync(description), Duration.ofMinutes(10),
          "snapshot " + name + " of " + table + " is taken");
      LOG.info("took snapshot {} of {} in {} s", name, table,
          String.format("%.1f", (System.nanoTime() - start) / 1e9));
    } catch (SnapshotCreationException e) {
      // another shard took it first: wait for that one to complete
      long deadline = System.currentTimeMillis() + 300_000;
      while (!snapshotExists(admin, name)) {
        if (System.currentTimeMillis() > deadline) {
          throw WorkerException.retryable("snapshot " + name + " of " + table + " could not be taken: " + e.getMessage(), e);
        }
        sleep(500);
      }
    }
  }

  public static boolean snapshotExists(Admin admin, String name) throws IOException {
    for (SnapshotDescription snapshot : admin.listSnapshots()) {
      if (snapshot.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Opens a completed snapshot's manifest from the source filesystem. */
  public static SnapshotSource open(Configuration sourceConf, String snapshotName) throws IOException {
    Path rootDir = CommonFSUtils.getRootDir(sourceConf);
    FileSystem fs = rootDir.getFileSystem(sourceConf);
    Path snapshotDir = SnapshotDescriptionUtils.getCompletedSnapshotDir(snapshotName, rootDir);
    if (!fs.exists(snapshotDir)) {
      throw WorkerException.badInput("snapshot " + snapshotName + " does not exist on the source (looked in "
          + snapshotDir + "); list them with `list_snapshots` in the HBase shell");
    }
    SnapshotProtos.SnapshotDescription description = SnapshotDescriptionUtils.readSnapshotInfo(fs, snapshotDir);
    return new SnapshotSource(sourceConf, fs, rootDir, snapshotName,
        SnapshotManifest.open(sourceConf, fs, snapshotDir, description));
  }

  public String name() {
    return snapshotName;
  }

  public TableName table() {
    return manifest.getTableDescriptor().getTableName();
  }

  public TableDescriptor tableDescriptor() {
    return manifest.getTableDescriptor();
  }

  /** When the snapshot was taken (ms): an incremental sync starting here leaves no gap. */
  public long creationTime() {
    return manifest.getSnapshotDescription().getCreationTime();
  }

  public FileSystem fileSystem() {
    return fs;
  }

  public Configuration conf() {
    return conf;
  }

  /** The snapshot's regions in key order; split parents are skipped, their daughters hold the data. */
  public List<WorkUnit> units() {
    List<WorkUnit> units = new ArrayList<>();
    for (SnapshotProtos.SnapshotRegionManifest region : manifest.getRegionManifests()) {
      RegionInfo info = ProtobufUtil.toRegionInfo(region.getRegionInfo());
      if (info.isOffline() && (info.isSplit() || info.isSplitParent())) {
        continue;
      }
      Map<String, List<String>> files = new LinkedHashMap<>();
      long size = 0;
      for (SnapshotProtos.SnapshotRegionManifest.FamilyFiles family : region.getFamilyFilesList()) {
        List<String> names = new ArrayList<>();
        for (SnapshotProtos.SnapshotRegionManifest.StoreFile file : family.getStoreFilesList()) {
          names.add(file.getName());
          size += file.getFileSize();
        }
        files.put(family.getFamilyName().toStringUtf8(), names);
      }
      units.add(new WorkUnit(info.getEncodedName(), info, files, size));
    }
    units.sort(Comparator.comparing(u -> u.region().getStartKey(), Bytes.BYTES_COMPARATOR));
    return units;
  }

  /**
   * Lays the snapshot out as links in a directory outside hbase.rootdir so that regions can be
   * opened read-only in this process (as TableSnapshotInputFormat does). Caller deletes it.
   */
  public Path restoreForScanning() throws IOException {
    Path restoreDir = new Path(rootDir.getParent(), "hbase-tunnel-restore/" + snapshotName + "-" + UUID.randomUUID());
    RestoreSnapshotHelper.copySnapshotForScanner(conf, fs, rootDir, restoreDir, snapshotName);
    return restoreDir;
  }

  public Path rootDir() {
    return rootDir;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WorkerException.retryable("interrupted while waiting for a snapshot", e);
    }
  }
}
