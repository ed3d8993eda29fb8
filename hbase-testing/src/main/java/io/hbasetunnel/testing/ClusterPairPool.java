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
  private final List<String> log = new ArrayList<>();

  static ClusterPairPool of(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(ClusterPairPool.class);
  }

  synchronized ClusterPair acquire(ClusterSettings settings, String testClass) throws Exception {
    if (running != null && running.settings().equals(settings)) {
      running.resetForNextClass();
      log.add("reused by " + testClass);
      return running;
    }
    stopRunning();
    running = ClusterPair.start(settings);
    log.add("started for " + testClass);
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
