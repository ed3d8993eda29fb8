package io.hbasetunnel.worker.wal;

import io.hbasetunnel.contract.report.Reports;
import io.hbasetunnel.contract.report.SyncStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What a wal-sync has done, for GET /status and the status file (docs/worker-contract.md). */
final class SyncCounters {
  private final long started = System.currentTimeMillis();
  private final AtomicLong entries = new AtomicLong();
  private final Map<String, AtomicLong[]> tables = new ConcurrentHashMap<>();
  private volatile long offset;
  private volatile long synctime;
  private volatile long bulkLoads;
  private volatile int streams;
  private volatile long backlogBytes;
  private final AtomicLong destinationCalls = new AtomicLong();
  private final AtomicLong retriedSmaller = new AtomicLong();
  private volatile long batchBytes;
  private volatile String state = "RUNNING";
  private volatile String message = "";
  /** why the sync may see nothing although it runs ({@link WalStreamWatch}): {reason, message}, or null */
  private volatile SyncStatus.Problem problem;

  void applied(String table, long puts, long deletes) {
    AtomicLong[] counts = tables.computeIfAbsent(table, t -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
    counts[0].addAndGet(puts);
    counts[1].addAndGet(deletes);
  }

  void entries(long count) {
    entries.addAndGet(count);
  }

  void bulkLoadSeen() {
    bulkLoads++;
  }

  /**
   * @param syncedTo every edit of the held streams written before this time is applied (0: not known yet)
   * @param heldStreams how many region-server streams this worker reads now
   */
  void synced(long syncedTo, int heldStreams, long at) {
    offset = syncedTo;
    streams = heldStreams;
    synctime = at;
  }

  /** One destination call answered; {@code bound}: the batch byte bound after it. */
  void destinationCall(long bound) {
    destinationCalls.incrementAndGet();
    batchBytes = bound;
  }

  /** A batch failed or timed out and will be read again smaller, under this byte bound. */
  void retriedSmaller(long bound) {
    retriedSmaller.incrementAndGet();
    batchBytes = bound;
  }

  /** WAL bytes the held streams have not read yet (behind the newest WAL data). */
  void backlog(long bytes) {
    backlogBytes = bytes;
  }

  void state(String newState, String newMessage) {
    state = newState;
    message = newMessage;
  }

  /** @param reason CamelCase (e.g. NoWalStream), or null when fine */
  void problem(String reason, String text) {
    problem = reason == null ? null : new SyncStatus.Problem(reason, text);
  }

  Map<String, String> problem() {
    SyncStatus.Problem now = problem;
    return now == null ? null : Map.of("reason", now.reason(), "message", now.message());
  }

  /** The status (docs/worker-contract.md): the contract's SyncStatus. */
  SyncStatus status() {
    long now = System.currentTimeMillis();
    double seconds = Math.max(0.001, (now - started) / 1000.0);
    Map<String, SyncStatus.TableCounts> perTable = new LinkedHashMap<>();
    tables.forEach((t, c) -> perTable.put(t, new SyncStatus.TableCounts(c[0].get(), c[1].get())));
    return new SyncStatus(state, offset, synctime, offset == 0 ? null : now - offset,
        Math.round(entries.get() / seconds * 10) / 10.0, entries.get(), streams, backlogBytes, batchBytes,
        destinationCalls.get(), retriedSmaller.get(), bulkLoads, perTable, message, problem);
  }

  /** {@link #status()} as its JSON fields. */
  Map<String, Object> toMap() {
    return Reports.toMap(status());
  }
}
