package io.hbasetunnel.worker.wal;

/**
 * How much one stream's batch may hold: at most so many entries and so many bytes of edits,
 * scaled down when the destination answers slowly or not in time, and back up when it answers
 * fast. A batch that timed out is read again smaller, so a backlog of large edits never retries
 * the same too-large batch; the bytes bound keeps the heap a batch needs bounded too.
 */
final class BatchBounds {
  static final int DEFAULT_MAX_ENTRIES = 5000;
  static final long DEFAULT_MAX_BYTES = 16L << 20;
  /** the smallest byte bound: a batch always holds at least one entry, however large */
  static final long MIN_BYTES = 64L << 10;
  private static final double MIN_SCALE = 1.0 / 4096;

  private int maxEntries;
  private final long maxBytes;
  /** a destination call taking longer than this shrinks the batch; one under a fifth of it lets it grow */
  private final long deadlineMillis;
  private double scale = 1;

  BatchBounds(int maxEntries, long maxBytes, long deadlineMillis) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.deadlineMillis = deadlineMillis;
  }

  /** Tests: fewer entries per batch. */
  void maxEntries(int max) {
    maxEntries = max;
  }

  int entries() {
    return (int) Math.max(1, Math.round(maxEntries * scale));
  }

  long bytes() {
    return Math.max(MIN_BYTES, Math.round(maxBytes * scale));
  }

  /** Whether a further shrink would change nothing: the batch is one entry or the smallest byte bound. */
  boolean atMinimum() {
    return entries() == 1 || bytes() == MIN_BYTES;
  }

  /** One destination call was answered after this long. */
  void answered(long millis) {
    if (millis > deadlineMillis / 2) {
      scale = Math.max(MIN_SCALE, scale / 2);
    } else if (millis < deadlineMillis / 5) {
      scale = Math.min(1, scale * 1.5);
    }
  }

  /** A destination call failed (timed out, or the destination refused it): read and apply less next time. */
  void failed() {
    scale = Math.max(MIN_SCALE, scale / 4);
  }
}
