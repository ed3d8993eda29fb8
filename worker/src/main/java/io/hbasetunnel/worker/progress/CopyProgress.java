package io.hbasetunnel.worker.progress;

import io.hbasetunnel.contract.report.ProgressReport;
import io.hbasetunnel.contract.report.Reports;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one copy run, safe to update from several threads and to read at any time. */
public final class CopyProgress {
  private final String command;
  private final String table;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger unitsTotal = new AtomicInteger();
  private final AtomicInteger unitsDone = new AtomicInteger();
  private final AtomicInteger unitsSkipped = new AtomicInteger();
  private final AtomicInteger unitsLoaded = new AtomicInteger();
  private final AtomicLong stageNanos = new AtomicLong();
  private final AtomicLong loadNanos = new AtomicLong();
  private volatile double createSeconds;
  private volatile double loadTailSeconds;
  private volatile double beforeSnapshotSeconds;
  private volatile double snapshotSeconds;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong cells = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile String state = "RUNNING";
  private volatile String message = "";
  private volatile Boolean skipped;
  private volatile Long snapshotTime;

  public CopyProgress(String command, String table) {
    this.command = command;
    this.table = table;
  }

  public void unitsTotal(int total) {
    unitsTotal.set(total);
  }

  /** A unit finished by an earlier run: counted as done, nothing copied again. */
  public void unitSkipped() {
    unitsSkipped.incrementAndGet();
    unitsDone.incrementAndGet();
  }

  public void unitDone() {
    unitsDone.incrementAndGet();
  }

  /** A unit whose staged files are all bulk loaded (by this run or an earlier one). */
  public void unitLoaded() {
    unitsLoaded.incrementAndGet();
  }

  /** Time one thread spent copying (staging or putting) a unit. */
  public void stageTime(long nanos) {
    stageNanos.addAndGet(nanos);
  }

  /** Time one thread spent bulk loading a unit. */
  public void loadTime(long nanos) {
    loadNanos.addAndGet(nanos);
  }

  /** Time the destination table took to be created (in the background of the first units). */
  public void createSeconds(double seconds) {
    this.createSeconds = seconds;
  }

  /** Time from the last unit copied to the last unit loaded: what loading added to the run. */
  public void loadTailSeconds(double seconds) {
    this.loadTailSeconds = seconds;
  }

  /** The snapshot was asked for (or found) from {@code startNanos} to now: the fixed cost before any unit copies. */
  public void snapshotTaken(long startNanos) {
    this.beforeSnapshotSeconds = (startNanos - this.startNanos) / 1e9;
    this.snapshotSeconds = (System.nanoTime() - startNanos) / 1e9;
  }

  public int unitsLoadedCount() {
    return unitsLoaded.get();
  }

  /** Where the time went: summed over threads for stage and load, wall time for the rest. */
  public String timeLine() {
    return String.format("time %s: %.1f s total; connect and check %.1f s, snapshot %.1f s; stage %.1f s, load %.1f s"
        + " (summed over threads); create table %.1f s (in the background); load after the last unit copied %.1f s",
        table, seconds(), beforeSnapshotSeconds, snapshotSeconds, stageNanos.get() / 1e9, loadNanos.get() / 1e9,
        createSeconds, loadTailSeconds);
  }

  public void add(long rowCount, long cellCount, long byteCount) {
    rows.addAndGet(rowCount);
    cells.addAndGet(cellCount);
    bytes.addAndGet(byteCount);
  }

  public void finish(String finalState, String finalMessage) {
    this.state = finalState;
    this.message = finalMessage;
  }

  public void finishIfRunning(String finalState, String finalMessage) {
    if ("RUNNING".equals(state)) {
      finish(finalState, finalMessage);
    }
  }

  /** For steps with nothing to do (schema exists): the operator shows them as SKIPPED. */
  public void skipped(boolean value) {
    this.skipped = value;
  }

  public void snapshotTime(long millis) {
    this.snapshotTime = millis;
  }

  public int unitsSkippedCount() {
    return unitsSkipped.get();
  }

  public long bytes() {
    return bytes.get();
  }

  public long rows() {
    return rows.get();
  }

  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** MB/s over the bytes copied by this run. */
  public double mbPerSecond() {
    double s = seconds();
    return s <= 0 ? 0 : bytes.get() / 1048576.0 / s;
  }

  /** The machine-readable report (docs/worker-contract.md): the contract's ProgressReport. */
  public ProgressReport report() {
    return new ProgressReport(command, table, state, unitsDone.get(), unitsTotal.get(), unitsSkipped.get(),
        unitsLoaded.get(), rows.get(), cells.get(), bytes.get(), Math.round(mbPerSecond() * 100) / 100.0, eta(),
        Math.round(seconds() * 10) / 10.0, skipped, snapshotTime, message);
  }

  /** {@link #report()} as its JSON fields. */
  public Map<String, Object> toMap() {
    return Reports.toMap(report());
  }

  /** One line for a terminal. */
  public String line() {
    return String.format("%s %s: units %d/%d (%d skipped), %d rows, %.1f MB, %.1f MB/s, eta %s",
        command, table, unitsDone.get(), unitsTotal.get(), unitsSkipped.get(), rows.get(),
        bytes.get() / 1048576.0, mbPerSecond(), eta() == null ? "?" : eta() + "s");
  }

  private Long eta() {
    int done = unitsDone.get() - unitsSkipped.get();
    int left = unitsTotal.get() - unitsDone.get();
    if (left == 0) {
      return 0L;
    }
    if (done <= 0) {
      return null;
    }
    return Math.round(seconds() / done * left);
  }
}
