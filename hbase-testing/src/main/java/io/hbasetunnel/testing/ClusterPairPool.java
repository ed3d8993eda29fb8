package io.hbasetunnel.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cluster pair of one test JVM, kept in the JUnit root context so that it outlives a test
 * class and is stopped when the JVM's test run ends. Surefire runs each test class in a JVM of
 * its own unless the class is {@link SharedClusters}: then the classes of that group run one
 * after another in one JVM and the next class with the same settings gets the running pair
 * (reset first, {@link ClusterPair#resetForNextClass}) instead of starting two clusters again.
 * One pair at a time: a class that asks for other settings stops the running pair first.
 */
final class ClusterPairPool implements ExtensionContext.Store.CloseableResource {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClusterPairPool.class);

  private ClusterPair running;
  /** The class that used {@link #running} last may have changed it past what a reset restores. */
  private boolean runningChanged;
  private final List<String> log = new ArrayList<>();

  static ClusterPairPool of(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(ClusterPairPool.class);
  }

  /**
   * The running pair if it has these settings and no class changed it, else a new one.
   *
   * @param changesClusters the class leaves the pair unfit for another: the next class gets a new one
   */
  synchronized ClusterPair acquire(ClusterSettings settings, Class<?> testClass) throws Exception {
    boolean reuse = running != null && running.settings().equals(settings) && !runningChanged;
    if (reuse) {
      running.resetForNextClass();
    } else {
      stopRunning();
      running = ClusterPair.start(settings);
    }
    log.add((reuse ? "reused by " : "started for ") + testClass.getSimpleName());
    SharedClusters shared = testClass.getAnnotation(SharedClusters.class);
    runningChanged = shared == null || shared.changesClusters();
    return running;
  }

  private void stopRunning() throws Exception {
    if (running != null) {
      ClusterPair stopping = running;
      running = null;
      stopping.close();
    }
  }

  @Override
  public synchronized void close() throws Throwable {
    // visible in the JVM's output file: how often this JVM started clusters and for whom
    System.out.println("cluster pairs in this JVM: " + log);
    stopRunning();
  }
}
