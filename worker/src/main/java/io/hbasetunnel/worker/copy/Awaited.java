package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for a background step and rethrows its own failure, so exit codes stay the step's. */
final class Awaited {
  private Awaited() {}

  static <T> T result(Future<T> future, String what) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WorkerException.retryable("interrupted while " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
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
