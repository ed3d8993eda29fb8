package io.hbasetunnel.worker.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * CPU time the threads of this JVM (both clusters, the MapReduce jobs, our worker) used during
 * one run, summed by kind of thread: on 2 cores it says who took the CPU a copy was waiting for.
 * Samples every thread's CPU time while the run lasts, so threads that end before the run does
 * (a copy's own pools) still count up to their last sample.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long SAMPLE_MILLIS = 200;

  private final Map<Long, Long> startNanos = new HashMap<>();
  private final Map<Long, Long> lastNanos = new ConcurrentHashMap<>();
  private final Map<Long, String> names = new ConcurrentHashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  ThreadCpu() {
    sample(startNanos);
    sampler = new Thread(() -> {
      while (running) {
        sample(lastNanos);
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-thread-cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample(Map<Long, Long> into) {
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = THREADS.getThreadCpuTime(info.getThreadId());
      if (nanos >= 0) {
        into.put(info.getThreadId(), nanos);
        names.putIfAbsent(info.getThreadId(), info.getThreadName());
      }
    }
  }

  /** Stops sampling; returns the CPU seconds of the run by kind of thread, the largest first. */
  Map<String, Double> secondsByKind() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join();
    sample(lastNanos);
    Map<String, Double> byKind = new TreeMap<>();
    lastNanos.forEach((id, nanos) -> {
      double seconds = (nanos - startNanos.getOrDefault(id, 0L)) / 1e9;
      byKind.merge(kind(names.get(id)), seconds, Double::sum);
    });
    return byKind.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** A thread's name without its numbers and what follows its first space or bracket. */
  static String kind(String name) {
    String kind = name.replaceAll("[0-9]+", "#");
    int cut = kind.length();
    for (char stop : new char[] {' ', '[', '@'}) {
      int at = kind.indexOf(stop);
      if (at > 0) {
        cut = Math.min(cut, at);
      }
    }
    return kind.substring(0, Math.min(cut, 60));
  }

  /** The largest kinds, as "kind 1.2 s" pairs, and the total. */
  static String summary(Map<String, Double> byKind, int top) {
    double total = byKind.values().stream().mapToDouble(Double::doubleValue).sum();
    String largest = byKind.entrySet().stream().limit(top)
        .map(e -> String.format("%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining("; "));
    return String.format("CPU %.1f s in all: %s", total, largest);
  }
}
