package io.hbasetunnel.worker.cli;

/**
 * The one error type at the worker's boundary: a message a user can act on and the exit code
 * that tells the operator whether retrying helps.
 */
public class WorkerException extends RuntimeException {
  private final int exitCode;

  public WorkerException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public WorkerException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static WorkerException badInput(String message) {
    return new WorkerException(ExitCodes.BAD_INPUT, message);
  }

  public static WorkerException retryable(String message, Throwable cause) {
    return new WorkerException(ExitCodes.RETRYABLE, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
