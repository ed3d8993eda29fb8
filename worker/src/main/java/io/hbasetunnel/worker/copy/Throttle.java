package io.hbasetunnel.worker.copy;

import org.apache.hbase.thirdparty.com.google.common.util.concurrent.RateLimiter;

/** A byte-rate limit shared by every copying thread of the process (MB/s), or none. */
final class Throttle {
  private static final double MB = 1024 * 1024;
  private final RateLimiter limiter;

  Throttle(Integer megabytesPerSecond) {
    this.limiter = megabytesPerSecond == null ? null : RateLimiter.create(megabytesPerSecond * MB);
  }

  void acquire(long bytes) {
    if (limiter != null && bytes > 0) {
      limiter.acquire((int) Math.min(bytes, Integer.MAX_VALUE));
    }
  }
}
