package io.hbasetunnel.operator.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.HBaseClusterStatus;
import io.hbasetunnel.operator.common.Conditions;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * HBaseCluster: validate -> render the client config for workers (ConfigMap) -> probe with a
 * timeout -> status. Probed again every minute; nothing else would notice a cluster coming back.
 */
@ControllerConfiguration(name = "hbasecluster")
public class HBaseClusterReconciler implements Reconciler<HBaseCluster> {
  private static final long REPROBE_MILLIS = 60_000;
  private final KubernetesClient client;
  private final ClusterProbe probe;
  private final EventRecorder events;

  public HBaseClusterReconciler(KubernetesClient client, ClusterProbe probe) {
    this.client = client;
    this.probe = probe;
    this.events = new EventRecorder(client);
  }

  @Override
  public UpdateControl<HBaseCluster> reconcile(HBaseCluster cluster, Context<HBaseCluster> context) {
    HBaseClusterStatus status = cluster.getStatus() == null ? new HBaseClusterStatus() : cluster.getStatus();
    cluster.setStatus(status);
    Boolean wasReachable = status.getReachable();
    if (cluster.getSpec().getZookeeperQuorum() == null || cluster.getSpec().getZookeeperQuorum().isBlank()) {
      return report(cluster, false, null, "spec.zookeeperQuorum is empty; set it to the ZooKeeper hosts", wasReachable);
    }
    Map<String, String> props = ClientConfigRenderer.properties(cluster.getSpec());
    renderConfigMap(cluster, props);
    ClusterProbe.Result result = probe.probe(props);
    return report(cluster, result.reachable(), result.hbaseVersion(), result.message(), wasReachable);
  }

  private UpdateControl<HBaseCluster> report(HBaseCluster cluster, boolean reachable, String version, String message,
      Boolean wasReachable) {
    HBaseClusterStatus status = cluster.getStatus();
    status.setReachable(reachable);
    status.setHbaseVersion(version);
    status.setMessage(message);
    status.setLastProbeTime(Instant.now().toString());
    status.setAddress(cluster.getSpec().getZookeeperQuorum());
    status.setObservedGeneration(cluster.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), Conditions.READY, reachable, reachable ? "Reachable" : "Unreachable", message,
        cluster.getMetadata().getGeneration());
    if (!Objects.equals(wasReachable, reachable)) {
      if (reachable) {
        events.normal(cluster, "Reachable", "HBase " + version + " answers");
      } else {
        events.warning(cluster, "Unreachable", message);
      }
    }
    return UpdateControl.patchStatus(cluster).rescheduleAfter(REPROBE_MILLIS);
  }

  private void renderConfigMap(HBaseCluster cluster, Map<String, String> props) {
    ConfigMap map = new ConfigMapBuilder()
        .withNewMetadata()
        .withName(WorkerSettings.configMapName(cluster.getMetadata().getName()))
        .withNamespace(cluster.getMetadata().getNamespace())
        .withLabels(Labels.of(cluster, "client-config"))
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(cluster.getApiVersion()).withKind(cluster.getKind())
            .withName(cluster.getMetadata().getName()).withUid(cluster.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withData(Map.of("hbase-site.xml", ClientConfigRenderer.hbaseSiteXml(props)))
        .build();
    client.configMaps().inNamespace(cluster.getMetadata().getNamespace()).resource(map).createOr(existing -> existing.update());
  }
}
