package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.hbase.Awaited;
import io.hbasetunnel.worker.progress.CopyProgress;
import io.hbasetunnel.worker.schema.CompactionDeferral;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies this process's share of a table's work units from a snapshot: units already marked
 * done are skipped, the rest are copied {@code parallelism} at a time and marked done one by one,
 * so a killed run loses at most the units in flight.
 */
public final class TableCopier {
  private static final Logger LOG = LoggerFactory.getLogger(TableCopier.class);

  private final Configuration sourceConf;
  private final Connection source;
  private final Configuration destinationConf;
  private final Connection destination;

  public TableCopier(Configuration sourceConf, Connection source, Configuration destinationConf, Connection destination) {
    this.sourceConf = sourceConf;
    this.source = source;
    this.destinationConf = destinationConf;
    this.destination = destination;
  }

  public void copy(CopyRequest request, CopyProgress progress) throws IOException {
    if (request.loadAsStaged() && request.mode() != CopyMode.BULKLOAD) {
      throw WorkerException.badInput("--load-as-staged loads staged HFiles; it needs --mode BULKLOAD");
    }
    try (Admin admin = source.getAdmin()) {
      if (request.mode() == CopyMode.BULKLOAD) {
        refuseMobFamilies(admin, request);
      }
    }
    if (request.mode() == CopyMode.PUT) {
      restoreCompactions(request.targetTable());
    }
    DestinationTable target = request.createTable()
        ? DestinationTable.createInBackground(source, destination, request.sourceTable(), request.targetTable(),
            request.filter().families(), request.compression(), request.mode() == CopyMode.BULKLOAD)
        : DestinationTable.existing(destination, request.targetTable(), request.filter().families());
    long snapshotStart = System.nanoTime();
    try (Admin admin = source.getAdmin()) {
      if (request.snapshotName() == null) {
        SnapshotSource.ensureSnapshot(admin, request.effectiveSnapshotName(), request.sourceTable());
      }
    }
    SnapshotSource snapshot = SnapshotSource.open(sourceConf, request.effectiveSnapshotName());
    if (!snapshot.table().equals(request.sourceTable())) {
      throw WorkerException.badInput("snapshot " + snapshot.name() + " is of table " + snapshot.table()
          + ", not " + request.sourceTable());
    }
    progress.snapshotTime(snapshot.creationTime());
    progress.snapshotTaken(snapshotStart);
    List<WorkUnit> mine = myUnits(snapshot.units(), request.shard());
    progress.unitsTotal(mine.size());
    try (FileSystem stagingFs = StagingFileSystem.open(request.stagingRoot(), destinationConf)) {
      UnitCheckpoints copied = new UnitCheckpoints(stagingFs, request.layout().tableDir(), "copied");
      Throttle throttle = new Throttle(request.rateLimitMBps());
      try (RestoredSnapshot restored = new RestoredSnapshot(snapshot)) {
        UnitCopier copier = switch (request.mode()) {
          case BULKLOAD -> new HFileStager(restored, destinationConf, stagingFs, request.layout(), request.filter(),
              request.targetTable(), target, request.compression(), throttle);
          case PUT -> new PutCopier(restored, destination, target, request.filter(), throttle, request.writers());
        };
        try {
          copyAll(mine, copier, copied, request, progress, stagingFs, target);
        } finally {
          if (copier instanceof AutoCloseable closeable) {
            closeQuietly(closeable);
          }
        }
      }
    }
    // a table nobody waited for (every unit skipped) must still exist when the copy says it is done
    target.await();
    progress.createSeconds(target.createSeconds());
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("closing {}", closeable, e);
    }
  }

  private void copyAll(List<WorkUnit> mine, UnitCopier copier, UnitCheckpoints copied, CopyRequest request,
      CopyProgress progress, FileSystem stagingFs, DestinationTable target) throws IOException {
    if (!request.loadAsStaged()) {
      runUnits(mine, copier, copied, request, progress, null);
      return;
    }
    UnitCheckpoints loaded = new UnitCheckpoints(stagingFs, request.layout().tableDir(), "loaded");
    try (PipelinedLoader loader = new PipelinedLoader(
        new RoundLoader(destinationConf, stagingFs, request.targetTable()), request.layout(), loaded, target,
        request.loadThreads(), progress)) {
      runUnits(mine, copier, copied, request, progress, loader);
      long lastCopied = System.nanoTime();
      loader.awaitAll();
      progress.loadTailSeconds((System.nanoTime() - lastCopied) / 1e9);
    }
  }

  private void runUnits(List<WorkUnit> units, UnitCopier copier, UnitCheckpoints copied, CopyRequest request,
      CopyProgress progress, PipelinedLoader loader) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, request.parallelism()), r -> {
      Thread t = new Thread(r, "copy-unit");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (WorkUnit unit : units) {
        if (copied.isDone(unit)) {
          progress.unitSkipped();
          LOG.info("unit {} already copied: skipped", unit.id());
          if (loader != null) {
            loader.submit(unit); // staged by an earlier run, maybe not loaded yet
          }
          continue;
        }
        if (!request.filter().overlaps(unit.region())) {
          copied.markDone(unit, new UnitCopier.UnitResult(0, 0, 0).toJson());
          progress.unitDone();
          if (loader != null) {
            loader.submit(unit);
          }
          continue;
        }
        running.add(pool.submit(() -> {
          long start = System.nanoTime();
          UnitCopier.UnitResult result = copier.copy(unit);
          copied.markDone(unit, result.toJson());
          progress.stageTime(System.nanoTime() - start);
          progress.add(result.rows(), result.cells(), result.bytes());
          progress.unitDone();
          FaultPoint.STAGE_UNIT_DONE.reached();
          if (loader != null) {
            loader.submit(unit);
          }
          return null;
        }));
      }
      for (Future<?> future : running) {
        Awaited.result(future, "units were copied");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Puts flush into new store files: a table left with compactions deferred by a bulkload copy
   * that never finished would pile them up until HBase blocks its writes.
   */
  private void restoreCompactions(TableName table) throws IOException {
    try (Admin admin = destination.getAdmin()) {
      CompactionDeferral.restore(admin, table);
    }
  }

  static List<WorkUnit> myUnits(List<WorkUnit> all, ShardSpec shard) {
    List<WorkUnit> mine = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (shard.owns(i)) {
        mine.add(all.get(i));
      }
    }
    return mine;
  }

  /**
   * A MOB family's store files hold references to MOB files kept outside the regions; staged and
   * loaded as plain HFiles they would point at files the destination never got, and every read
   * would fail. The put path reads the values themselves, so it copies MOB families exactly.
   */
  private static void refuseMobFamilies(Admin admin, CopyRequest request) throws IOException {
    if (!admin.tableExists(request.sourceTable())) {
      return; // reported with its own message when the snapshot is taken
    }
    for (ColumnFamilyDescriptor family : admin.getDescriptor(request.sourceTable()).getColumnFamilies()) {
      if (family.isMobEnabled() && request.filter().includesFamily(family.getNameAsString())) {
        throw WorkerException.badInput("column family '" + family.getNameAsString() + "' of " + request.sourceTable()
            + " is a MOB family, which the bulkload path cannot copy; copy this table with the put path"
            + " (--mode PUT, or bulkload=false in the LTS API), or leave the family out of the families to copy");
      }
    }
  }
}
