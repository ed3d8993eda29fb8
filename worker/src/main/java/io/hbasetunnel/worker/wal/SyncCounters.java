package io.hbasetunnel.worker.wal;

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
  private volatile Map<String, String> problem;

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
    problem = reason == null ? null : Map.of("reason", reason, "message", text);
  }

  Map<String, String> problem() {
    return problem;
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    map.put("state", state);
    map.put("offset", offset);
    map.put("synctime", synctime);
    map.put("lagMs", offset == 0 ? null : now - offset);
    double seconds = Math.max(0.001, (now - started) / 1000.0);
    map.put("entriesPerSecond", Math.round(entries.get() / seconds * 10) / 10.0);
    map.put("entries", entries.get());
    map.put("streams", streams);
    map.put("backlogBytes", backlogBytes);
    map.put("batchBytes", batchBytes);
    map.put("destinationCalls", destinationCalls.get());
    map.put("batchesRetriedSmaller", retriedSmaller.get());
    map.put("bulkLoadsDetected", bulkLoads);
    Map<String, Object> perTable = new LinkedHashMap<>();
    tables.forEach((t, c) -> perTable.put(t, Map.of("puts", c[0].get(), "deletes", c[1].get())));
    map.put("tables", perTable);
    map.put("message", message);
    map.put("problem", problem);
    return map;
  }
}
