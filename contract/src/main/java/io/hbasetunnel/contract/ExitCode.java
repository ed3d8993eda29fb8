package io.hbasetunnel.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a worker command ends (docs/worker-contract.md, "Exit codes"), and what the operator does
 * about each: the worker exits with {@link #code()}, the operator's Job {@code podFailurePolicy}
 * and its reading of pod exits come from {@link #failsJob()} and {@link #failsSync()}.
 */
public enum ExitCode {
  /** Done. */
  OK(0, false, false),
  /** Failed for a reason that may pass (unreachable cluster, timeout): run again, it resumes. */
  RETRYABLE(1, false, false),
  /** The request itself is wrong (unknown table, bad flag, incompatible schema): do not retry. */
  BAD_INPUT(2, true, true),
  /** {@code verify} only: the tables differ; running it again gives the same answer. */
  DIFFERENCES(3, true, false),
  /**
   * {@code wal-sync} only: a WAL the sync still needed is gone, so edits were lost on the way; the
   * destination must be re-copied from a new snapshot before syncing again.
   */
  WAL_MISSING(4, false, true),
  /** {@code wal-sync} only: stopped by SIGTERM after its last checkpoint (pod deletion, scale-down). */
  TERMINATED(143, false, false);

  private final int code;
  private final boolean failsJob;
  private final boolean failsSync;

  ExitCode(int code, boolean failsJob, boolean failsSync) {
    this.code = code;
    this.failsJob = failsJob;
    this.failsSync = failsSync;
  }

  public int code() {
    return code;
  }

  /** A Job's pod that exits with this fails the Job at once (FailJob): a rerun gives the same answer. */
  public boolean failsJob() {
    return failsJob;
  }

  /**
   * A sync's worker (wal-sync, also {@code --arm-only}) that exits with this fails the sync: no
   * restart can cure it. An arm Job fails at once on it.
   */
  public boolean failsSync() {
    return failsSync;
  }

  /** Whether running the command again can change the outcome. */
  public boolean retryHelps() {
    return !failsJob && !failsSync;
  }

  /** The exit codes of {@code podFailurePolicy} FailJob on every worker Job. */
  public static List<Integer> failJobCodes() {
    return codes(true, false);
  }

  /** The exit codes of FailJob on a sync's arm Job ({@code wal-sync --arm-only}): also those that fail a sync. */
  public static List<Integer> failArmJobCodes() {
    return codes(true, true);
  }

  /** The exit codes that fail a sync when one of its workers exits with them. */
  public static List<Integer> failSyncCodes() {
    return codes(false, true);
  }

  public static Optional<ExitCode> of(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }

  private static List<Integer> codes(boolean job, boolean sync) {
    return Arrays.stream(values()).filter(c -> (job && c.failsJob) || (sync && c.failsSync)).map(ExitCode::code).toList();
  }
}
