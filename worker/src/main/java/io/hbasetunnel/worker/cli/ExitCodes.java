package io.hbasetunnel.worker.cli;

/** Exit codes of every worker command; the operator maps them to sub-task states. */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;
  /** Failed for a reason that may pass (unreachable cluster, timeout): run again, it resumes. */
  public static final int RETRYABLE = 1;
  /** The request itself is wrong (unknown table, bad flag, incompatible schema): do not retry. */
  public static final int BAD_INPUT = 2;
  /** {@code verify} only: the tables differ. */
  public static final int DIFFERENCES = 3;
  /**
   * {@code wal-sync} only: a WAL the sync still needed is gone, so edits were lost on the way; the
   * destination must be re-copied from a new snapshot before syncing again.
   */
  public static final int WAL_MISSING = 4;

  private ExitCodes() {}
}
