package io.hbasetunnel.worker.hbase;

import io.hbasetunnel.worker.cli.WorkerException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for a background step and rethrows its own failure, so exit codes stay the step's. */
public final class Awaited {
  private Awaited() {}

  public static <T> T result(Future<T> future, String what) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      throw interrupted(what, e);
    } catch (ExecutionException e) {
      throw rethrown(e);
    }
  }

  static WorkerException interrupted(String what, InterruptedException e) {
    Thread.currentThread().interrupt();
    return WorkerException.retryable("interrupted while " + what, e);
  }

  /** The step's own exception: an IOException is returned to be thrown, a RuntimeException thrown here. */
  static IOException rethrown(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException re) {
      throw re;
    }
    return new IOException(cause);
  }
}
