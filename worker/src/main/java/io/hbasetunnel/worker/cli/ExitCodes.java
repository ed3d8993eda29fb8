package io.hbasetunnel.worker.cli;

import io.hbasetunnel.contract.ExitCode;

/**
 * Exit codes of every worker command, as ints for picocli: the contract's {@link ExitCode}, which
 * the operator's Job failure policy is derived from.
 */
public final class ExitCodes {
  /** Done. */
  public static final int OK = ExitCode.OK.code();
  /** Failed for a reason that may pass (unreachable cluster, timeout): run again, it resumes. */
  public static final int RETRYABLE = ExitCode.RETRYABLE.code();
  /** The request itself is wrong (unknown table, bad flag, incompatible schema): do not retry. */
  public static final int BAD_INPUT = ExitCode.BAD_INPUT.code();
  /** {@code verify} only: the tables differ. */
  public static final int DIFFERENCES = ExitCode.DIFFERENCES.code();
  /**
   * {@code wal-sync} only: a WAL the sync still needed is gone, so edits were lost on the way; the
   * destination must be re-copied from a new snapshot before syncing again.
   */
  public static final int WAL_MISSING = ExitCode.WAL_MISSING.code();

  private ExitCodes() {}
}
