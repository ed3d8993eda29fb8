package io.hbasetunnel.worker.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a command's progress every few seconds and once more at the end: as JSON in a file
 * (in a pod, the container's terminationMessagePath, so the last report reaches the Pod status)
 * and as a line on stderr when a person is watching.
 */
public final class ProgressReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Supplier<Map<String, Object>> report;
  private final Supplier<String> line;
  private final boolean terminal = System.console() != null;
  private final ScheduledExecutorService timer;

  public ProgressReporter(Path file, Supplier<Map<String, Object>> report, Supplier<String> line, long periodMillis) {
    this.file = file;
    this.report = report;
    this.line = line;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress-reporter");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::publish, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** The body of a command whose progress is reported. */
  @FunctionalInterface
  public interface Body {
    int run() throws Exception;
  }

  /**
   * Runs a command body while reporting its progress; the final report says SUCCEEDED or FAILED
   * with the error's message, so the operator learns why without reading logs.
   */
  public static int reporting(Path file, CopyProgress progress, Body body) throws Exception {
    return reporting(file, null, progress, body);
  }

  /** As {@link #reporting(Path, CopyProgress, Body)}, also serving the progress on GET /status when a port is given. */
  public static int reporting(Path file, Integer statusPort, CopyProgress progress, Body body) throws Exception {
    try (ProgressReporter reporter = new ProgressReporter(file, progress::toMap, progress::line, 2000);
        StatusServer server = statusPort == null ? null : new StatusServer(statusPort, progress::toMap)) {
      try {
        int code = body.run();
        progress.finishIfRunning("SUCCEEDED", "done");
        return code;
      } catch (Exception e) {
        progress.finish("FAILED", e.getMessage());
        throw e;
      }
    }
  }

  /** Writes the current report now. */
  public synchronized void publish() {
    if (terminal) {
      System.err.print("\r" + line.get());
    }
    if (file == null) {
      return;
    }
    try {
      byte[] json = JSON.writeValueAsBytes(report.get());
      try {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, json);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException renameFailed) {
        // a kubelet-mounted termination-log file cannot be replaced, only rewritten
        Files.write(file, json);
      }
    } catch (IOException e) {
      LOG.warn("cannot write progress to {}: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    publish();
    if (terminal) {
      System.err.println();
    }
  }
}
