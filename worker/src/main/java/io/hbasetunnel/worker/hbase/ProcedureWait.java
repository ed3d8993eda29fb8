package io.hbasetunnel.worker.hbase;

import io.hbasetunnel.worker.cli.WorkerException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a master procedure (snapshot, table creation) by asking for its result about every
 * 100 ms. HBase's own synchronous calls sleep longer and longer between asks (100 ms, 200, 300,
 * 500, 1 s, 2 s, ...), so they return up to seconds after the procedure finished: measured here, a
 * 16-region snapshot returned after 4 s. A short {@code get} asks once and sleeps one base pause.
 */
public final class ProcedureWait {
  private ProcedureWait() {}

  public static <T> T await(Future<T> procedure, Duration timeout, String what) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return procedure.get(1, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw WorkerException.retryable(what + " did not finish within " + timeout.toSeconds() + " s", e);
        }
      } catch (InterruptedException e) {
        throw Awaited.interrupted("waiting until " + what, e);
      } catch (ExecutionException e) {
        throw Awaited.rethrown(e);
      }
    }
  }
}
