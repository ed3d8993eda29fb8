package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.progress.CopyProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.TableName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk loads a table's staged units into the destination, keeping the source's store-file order
 * (see {@link RoundLoader}). Units already loaded while the copy ran ({@code copy
 * --load-as-staged}) are skipped; the rest are loaded together: round r holds the r-th oldest
 * group of files of every unit still staged (a unit's files share a group only when their
 * timestamps do not overlap, {@link StagedStoreFile#rounds}; files of different units come from
 * different source regions, so they never hold the same cell), and a round is split into several
 * requests when a destination region would receive more files of one family than HBase accepts
 * in one request.
 *
 * <p>Resume: a loaded file has left the staging directory, so a rerun loads exactly the files
 * still staged, in the same order, after the ones already loaded. Units are marked loaded at the end.
 */
public final class BulkLoader {
  private static final Logger LOG = LoggerFactory.getLogger(BulkLoader.class);

  private final Configuration destinationConf;

  public BulkLoader(Configuration destinationConf) {
    this.destinationConf = destinationConf;
  }

  public void load(StagingLayout layout, List<WorkUnit> units, TableName targetTable, CopyProgress progress)
      throws IOException {
    try (FileSystem fs = StagingFileSystem.open(layout.root(), destinationConf)) {
      UnitCheckpoints copied = new UnitCheckpoints(fs, layout.tableDir(), "copied");
      UnitCheckpoints loaded = new UnitCheckpoints(fs, layout.tableDir(), "loaded");
      requireAllCopied(layout, units, copied);
      progress.unitsTotal(units.size());
      List<WorkUnit> pending = new ArrayList<>();
      for (WorkUnit unit : units) {
        if (loaded.isDone(unit)) {
          progress.unitSkipped();
          continue;
        }
        pending.add(unit);
      }
      long bytes = 0;
      if (!pending.isEmpty()) {
        try (RoundLoader loader = new RoundLoader(destinationConf, fs, targetTable)) {
          bytes = loader.loadUnits(layout, pending);
          LOG.info("loaded {} units ({} bytes) into {}", pending.size(), bytes, targetTable);
        }
      }
      for (WorkUnit unit : pending) {
        loaded.markDone(unit, "{}");
        progress.unitDone();
        progress.unitLoaded();
      }
      progress.add(0, 0, bytes);
    }
  }

  private static void requireAllCopied(StagingLayout layout, List<WorkUnit> units, UnitCheckpoints copied)
      throws IOException {
    int notCopied = 0;
    for (WorkUnit unit : units) {
      if (!copied.isDone(unit)) {
        notCopied++;
      }
    }
    if (notCopied > 0) {
      throw WorkerException.retryable(notCopied + " of " + units.size() + " units of " + layout.table()
          + " are not staged yet; run (or finish) every copy shard before the bulkload", null);
    }
  }
}
