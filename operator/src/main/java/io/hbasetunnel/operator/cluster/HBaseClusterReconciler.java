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
    KerberosFiles kerberos = renderKerberos(cluster);
    if (kerberos.problem() != null) {
      return report(cluster, false, null, kerberos.problem(), wasReachable);
    }
    renderConfigMap(cluster, props, kerberos.krb5Conf());
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

  /**
   * Copies the keytab into Secret {@code <cluster>-keytab} and krb5.conf into the client
   * ConfigMap, so worker pods mount one cluster's files under one directory. The keytab's bytes
   * never go to status, events or logs.
   */
  private KerberosFiles renderKerberos(HBaseCluster cluster) {
    var kerberos = cluster.getSpec().getKerberos();
    if (kerberos == null) {
      return new KerberosFiles(null, null);
    }
    String namespace = cluster.getMetadata().getNamespace();
    var secret = client.secrets().inNamespace(namespace).withName(kerberos.getKeytabSecret().getName()).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(kerberos.getKeytabSecret().getKey())) {
      return new KerberosFiles("Secret " + kerberos.getKeytabSecret().getName() + " with key " + kerberos.getKeytabSecret().getKey()
          + " (the keytab) not found; create it with kubectl create secret generic", null);
    }
    var krb5 = client.configMaps().inNamespace(namespace).withName(kerberos.getKrb5ConfigMap().getName()).get();
    if (krb5 == null || krb5.getData() == null || !krb5.getData().containsKey(kerberos.getKrb5ConfigMap().getKey())) {
      return new KerberosFiles("ConfigMap " + kerberos.getKrb5ConfigMap().getName() + " with key "
          + kerberos.getKrb5ConfigMap().getKey() + " (krb5.conf) not found", null);
    }
    client.secrets().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName(WorkerSettings.keytabSecretName(cluster.getMetadata().getName())).withNamespace(namespace)
        .withLabels(Labels.of(cluster, "keytab")).withOwnerReferences(owner(cluster)).endMetadata()
        .withData(Map.of(ClientConfigRenderer.KEYTAB_FILE, secret.getData().get(kerberos.getKeytabSecret().getKey())))
        .build()).createOr(existing -> existing.update());
    return new KerberosFiles(null, krb5.getData().get(kerberos.getKrb5ConfigMap().getKey()));
  }

  /** What renderKerberos found: a problem to report, or the krb5.conf to put in the ConfigMap. */
  private record KerberosFiles(String problem, String krb5Conf) {}

  private static io.fabric8.kubernetes.api.model.OwnerReference owner(HBaseCluster cluster) {
    return new OwnerReferenceBuilder().withApiVersion(cluster.getApiVersion()).withKind(cluster.getKind())
        .withName(cluster.getMetadata().getName()).withUid(cluster.getMetadata().getUid()).withController(true).build();
  }

  private void renderConfigMap(HBaseCluster cluster, Map<String, String> props, String krb5Conf) {
    Map<String, String> data = new java.util.HashMap<>(Map.of("hbase-site.xml", ClientConfigRenderer.hbaseSiteXml(props)));
    if (krb5Conf != null) {
      data.put(ClientConfigRenderer.KRB5_FILE, krb5Conf);
    }
    ConfigMap map = new ConfigMapBuilder()
        .withNewMetadata()
        .withName(WorkerSettings.configMapName(cluster.getMetadata().getName()))
        .withNamespace(cluster.getMetadata().getNamespace())
        .withLabels(Labels.of(cluster, "client-config"))
        .withOwnerReferences(owner(cluster))
        .endMetadata()
        .withData(data)
        .build();
    client.configMaps().inNamespace(cluster.getMetadata().getNamespace()).resource(map).createOr(existing -> existing.update());
  }
}
