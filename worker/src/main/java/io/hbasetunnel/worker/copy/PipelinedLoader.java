package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.progress.CopyProgress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads each unit's staged files as soon as the unit is staged ({@code copy --load-as-staged}),
 * while other units are still copying, so the bulk load is no longer a serial step after the
 * copy. A unit is loaded by one thread, round after round ({@link RoundLoader}); different units
 * load at the same time on a bounded pool. A unit is marked loaded only after its last round, so
 * {@code worker bulkload} (or a rerun of the copy) loads exactly what a killed run left staged.
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
    running.add(pool.submit(() -> {
      if (loaded.isDone(unit)) {
        progress.unitLoaded();
        return null;
      }
      table.await();
      long start = System.nanoTime();
      long bytes = loader.loadUnit(layout, unit);
      FaultPoint.LOAD_UNIT_DONE.reached();
      loaded.markDone(unit, "{\"bytes\":" + bytes + "}");
      progress.loadTime(System.nanoTime() - start);
      progress.unitLoaded();
      return null;
    }));
  }

  /** Waits for every queued load; the first failure is rethrown (the rerun resumes). */
  void awaitAll() throws IOException {
    List<Future<?>> all;
    synchronized (this) {
      all = new ArrayList<>(running);
    }
    for (Future<?> future : all) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw WorkerException.retryable("interrupted while loading", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        LOG.warn("loading a staged unit failed: {}", cause.toString());
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        throw new IOException(cause);
      }
    }
  }

  @Override
  public void close() throws IOException {
    pool.shutdownNow();
    loader.close();
  }
}
