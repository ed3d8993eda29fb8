package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.hbase.Awaited;
import io.hbasetunnel.worker.progress.CopyProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads units' staged files as soon as the units are staged ({@code copy --load-as-staged}),
 * while other units are still copying, so the bulk load is no longer a serial step after the
 * copy. A free load thread takes every unit staged and not yet taken, and loads them together,
 * round after round ({@link RoundLoader#loadUnits}): while loads are slower than staging (at the
 * end of the copy, or when the destination is busy) requests grow instead of queueing. Units are
 * marked loaded only after their last round, so {@code worker bulkload} (or a rerun of the copy)
 * loads exactly what a killed run left staged.
 */
final class PipelinedLoader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelinedLoader.class);

  private final RoundLoader loader;
  private final StagingLayout layout;
  private final UnitCheckpoints loaded;
  private final DestinationTable table;
  private final CopyProgress progress;
  private final ExecutorService pool;
  private final List<Future<?>> running = new ArrayList<>();
  private final List<WorkUnit> staged = new ArrayList<>();

  PipelinedLoader(RoundLoader loader, StagingLayout layout, UnitCheckpoints loaded, DestinationTable table,
      int threads, CopyProgress progress) {
    this.loader = loader;
    this.layout = layout;
    this.loaded = loaded;
    this.table = table;
    this.progress = progress;
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "load-unit");
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues a staged unit for loading (nothing happens for one already marked loaded). */
  synchronized void submit(WorkUnit unit) {
    staged.add(unit);
    running.add(pool.submit(() -> {
      loadStaged();
      return null;
    }));
  }

  /** Loads every unit staged so far that no other thread has taken (none, if they all were). */
  private void loadStaged() throws IOException {
    List<WorkUnit> taken;
    synchronized (this) {
      taken = new ArrayList<>(staged);
      staged.clear();
    }
    // checked outside the lock: staging threads hand over units while this asks HDFS
    List<WorkUnit> batch = new ArrayList<>();
    for (WorkUnit unit : taken) {
      if (loaded.isDone(unit)) {
        progress.unitLoaded();
      } else {
        batch.add(unit);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    table.await();
    long start = System.nanoTime();
    loader.loadUnits(layout, batch);
    for (WorkUnit unit : batch) {
      FaultPoint.LOAD_UNIT_DONE.reached();
      loaded.markDone(unit, "{}");
      progress.unitLoaded();
    }
    progress.loadTime(System.nanoTime() - start);
  }

  /** Waits for every queued load; the first failure is rethrown (the rerun resumes). */
  void awaitAll() throws IOException {
    List<Future<?>> all;
    synchronized (this) {
      all = new ArrayList<>(running);
    }
    for (Future<?> future : all) {
      try {
        Awaited.result(future, "loading staged units");
      } catch (IOException | RuntimeException e) {
        LOG.warn("loading staged units failed: {}", e.toString());
        throw e;
      }
    }
  }

  @Override
  public void close() throws IOException {
    pool.shutdownNow();
    loader.close();
  }
}
