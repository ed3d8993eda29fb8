package io.hbasetunnel.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/**
 * Prometheus metrics: reconcile duration per controller (through JOSDK's metrics hook), tasks by
 * kind and state, rows and bytes copied, and the sync lag, read from the resources at scrape time.
 */
public final class OperatorMetrics implements Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public OperatorMetrics(KubernetesClient client, String namespace) {
    for (TaskState state : TaskState.values()) {
      Gauge.builder("hbasetunnel_tasks", () -> client.resources(FullDataMigration.class).inNamespace(namespace).list()
              .getItems().stream().filter(t -> t.getStatus() != null && t.getStatus().getState() == state).count())
          .tags("kind", "FullDataMigration", "state", state.name()).register(registry);
      Gauge.builder("hbasetunnel_tasks", () -> client.resources(IncrementalSync.class).inNamespace(namespace).list()
              .getItems().stream().filter(t -> t.getStatus() != null && t.getStatus().getState() == state).count())
          .tags("kind", "IncrementalSync", "state", state.name()).register(registry);
    }
    Gauge.builder("hbasetunnel_copied_rows", () -> copied(client, namespace, true)).register(registry);
    Gauge.builder("hbasetunnel_copied_bytes", () -> copied(client, namespace, false)).register(registry);
    Gauge.builder("hbasetunnel_sync_lag_max_ms", () -> client.resources(IncrementalSync.class).inNamespace(namespace).list()
        .getItems().stream().filter(t -> t.getStatus() != null && t.getStatus().getLagMs() != null)
        .mapToLong(t -> t.getStatus().getLagMs()).max().orElse(0)).register(registry);
  }

  private static double copied(KubernetesClient client, String namespace, boolean rows) {
    return client.resources(FullDataMigration.class).inNamespace(namespace).list().getItems().stream()
        .filter(t -> t.getStatus() != null)
        .flatMap(t -> t.getStatus().getTables().stream())
        .map(t -> t.getFullTask() == null ? null : t.getFullTask().getProgress())
        .filter(Objects::nonNull)
        .mapToLong(p -> Objects.requireNonNullElse(rows ? p.getRows() : p.getBytes(), 0L))
        .sum();
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    Timer.Sample sample = Timer.start(registry);
    try {
      return execution.execute();
    } finally {
      sample.stop(Timer.builder("hbasetunnel_reconcile_seconds").tag("controller", execution.controllerName())
          .tag("step", execution.name()).register(registry));
    }
  }

  public String scrape() {
    return registry.scrape();
  }
}
