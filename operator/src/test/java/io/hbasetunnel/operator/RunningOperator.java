package io.hbasetunnel.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started operator (CRDs loaded; with {@link #withClusters()} also the reachable clusters hbase1
 * and hbase2) for one test class, stopped after it:
 *
 * <pre>
 * &#64;EnableKubernetesMockClient(crud = true)
 * class SomeTest {
 *   static KubernetesClient client;
 *   &#64;RegisterExtension
 *   static final RunningOperator OPERATOR = RunningOperator.withClusters();
 * </pre>
 *
 * The client is the class's static {@link KubernetesClient} field, which the mock server's
 * extension (registered by the class annotation, so before this one) has set by then.
 */
final class RunningOperator implements BeforeAllCallback, AfterAllCallback {
  private final boolean clusters;
  private KubernetesClient client;
  private HBaseTunnelOperator operator;

  private RunningOperator(boolean clusters) {
    this.clusters = clusters;
  }

  /** The operator with the clusters hbase1 and hbase2 registered and probed reachable. */
  static RunningOperator withClusters() {
    return new RunningOperator(true);
  }

  /** The operator alone: no HBaseCluster yet. */
  static RunningOperator alone() {
    return new RunningOperator(false);
  }

  HBaseTunnelOperator operator() {
    return operator;
  }

  /** Stops the operator and starts a new one, as a pod restart would. */
  void restart() {
    operator.close();
    operator = new HBaseTunnelOperator(client, OperatorFixture.settings(null, null)).start();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    client = mockClient(context.getRequiredTestClass());
    operator = OperatorFixture.startOperator(client);
    if (clusters) {
      OperatorFixture.clusters(client);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.close();
    }
  }

  private static KubernetesClient mockClient(Class<?> testClass) throws IllegalAccessException {
    Field field = Arrays.stream(testClass.getDeclaredFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && KubernetesClient.class.isAssignableFrom(f.getType()))
        .findFirst().orElseThrow(() -> new IllegalStateException(testClass.getSimpleName()
            + " needs a static KubernetesClient field set by @EnableKubernetesMockClient"));
    field.setAccessible(true);
    KubernetesClient client = (KubernetesClient) field.get(null);
    if (client == null) {
      throw new IllegalStateException(testClass.getSimpleName() + ": the mock server's extension has not set "
          + field.getName() + " yet; is the class annotated with @EnableKubernetesMockClient?");
    }
    return client;
  }
}
