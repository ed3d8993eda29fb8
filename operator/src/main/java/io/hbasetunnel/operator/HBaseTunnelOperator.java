package io.hbasetunnel.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.operator.cluster.ClusterProbe;
import io.hbasetunnel.operator.cluster.HBaseClusterReconciler;
import io.hbasetunnel.operator.cluster.HBaseSourceRelease;
import io.hbasetunnel.operator.cluster.SourceRelease;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.fulldata.FullDataMigrationReconciler;
import io.hbasetunnel.operator.incremental.IncrementalSyncReconciler;
import io.hbasetunnel.operator.incremental.SyncStatusSource;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.ZoneId;

/**
 * The three reconcilers in one JOSDK Operator, watching one namespace. Server-side apply is off:
 * every status is written whole (StatusWriter: a PUT of the status subresource, what the fabric8
 * mock server supports, and enough here since the operator owns the status alone).
 */
public final class HBaseTunnelOperator implements AutoCloseable {
  /**
   * What the operator needs from outside; tests give fakes for the probe and the sync status, and
   * for the source release where their clusters are not real.
   */
  public record Settings(String namespace, WorkerSettings worker, ClusterProbe probe, SyncStatusSource syncStatus,
      ZoneId zone, String leaseName, String identity, SourceRelease release) {
    /** With the real release: a deleted task's pins and snapshots removed through HBase's Admin API. */
    public Settings(String namespace, WorkerSettings worker, ClusterProbe probe, SyncStatusSource syncStatus,
        ZoneId zone, String leaseName, String identity) {
      this(namespace, worker, probe, syncStatus, zone, leaseName, identity, new HBaseSourceRelease(RELEASE_TIMEOUT_MILLIS));
    }
  }

  /** How long one release of a deleted task's pins and snapshots may take before it is tried again. */
  static final long RELEASE_TIMEOUT_MILLIS = 30_000;

  private final Operator operator;
  private final OperatorMetrics metrics;

  public HBaseTunnelOperator(KubernetesClient client, Settings settings) {
    this.metrics = new OperatorMetrics(client, settings.namespace());
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false)
          .withMetrics(metrics);
      if (settings.leaseName() != null) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(), settings.namespace(),
            LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE, LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, settings.identity(), null, false));
      }
    });
    operator.register(new HBaseClusterReconciler(client, settings.probe()), c -> c.settingNamespace(settings.namespace()));
    operator.register(new FullDataMigrationReconciler(client, settings.worker(), settings.release()),
        c -> c.settingNamespace(settings.namespace()));
    operator.register(new IncrementalSyncReconciler(client, settings.worker(), settings.syncStatus(), settings.zone(),
        settings.release()), c -> c.settingNamespace(settings.namespace()));
  }

  public HBaseTunnelOperator start() {
    operator.start();
    return this;
  }

  public boolean isReady() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
