package io.hbasetunnel.operator.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The client config workers mount for a cluster: ConfigMap {@code <cluster>-hbase-site} and, for
 * Kerberos, the keytab copied into Secret {@code <cluster>-tunnel-keytab}. Both are compared with
 * their informer's copy and written only when they differ, not on every probe.
 */
final class ClientConfigWriter {
  private final KubernetesClient client;

  ClientConfigWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Renders both; the problem found (a missing keytab Secret or krb5 ConfigMap), if any. */
  Optional<String> write(HBaseCluster cluster, Context<HBaseCluster> context) {
    KerberosFiles kerberos = renderKerberos(cluster, context);
    if (kerberos.problem() != null) {
      return Optional.of(kerberos.problem());
    }
    renderConfigMap(cluster, ClientConfigRenderer.properties(cluster.getSpec()), kerberos.krb5Conf(), context);
    return Optional.empty();
  }

  /**
   * Copies the keytab into Secret {@code <cluster>-keytab} and krb5.conf into the client
   * ConfigMap, so worker pods mount one cluster's files under one directory. The keytab's bytes
   * never go to status, events or logs.
   */
  private KerberosFiles renderKerberos(HBaseCluster cluster, Context<HBaseCluster> context) {
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
    writeIfDiffers(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName(WorkerSettings.keytabSecretName(cluster.getMetadata().getName())).withNamespace(namespace)
        .withLabels(Labels.of(cluster, "keytab")).withOwnerReferences(owner(cluster)).endMetadata()
        .withData(Map.of(ClientConfigRenderer.KEYTAB_FILE, secret.getData().get(kerberos.getKeytabSecret().getKey())))
        .build(), Secret.class, Secret::getData, cluster, context);
    return new KerberosFiles(null, krb5.getData().get(kerberos.getKrb5ConfigMap().getKey()));
  }

  /** What renderKerberos found: a problem to report, or the krb5.conf to put in the ConfigMap. */
  private record KerberosFiles(String problem, String krb5Conf) {}

  private static io.fabric8.kubernetes.api.model.OwnerReference owner(HBaseCluster cluster) {
    return new OwnerReferenceBuilder().withApiVersion(cluster.getApiVersion()).withKind(cluster.getKind())
        .withName(cluster.getMetadata().getName()).withUid(cluster.getMetadata().getUid()).withController(true).build();
  }

  private void renderConfigMap(HBaseCluster cluster, Map<String, String> props, String krb5Conf, Context<HBaseCluster> context) {
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
    writeIfDiffers(map, ConfigMap.class, ConfigMap::getData, cluster, context);
  }

  /**
   * Creates or replaces what the workers mount when the informer's copy lacks it or differs in
   * data, labels or owner; an unchanged probe writes nothing.
   */
  private <R extends HasMetadata> void writeIfDiffers(R desired, Class<R> type, java.util.function.Function<R, Map<String, String>> data,
      HBaseCluster cluster, Context<HBaseCluster> context) {
    var cache = (InformerEventSource<R, HBaseCluster>) context.eventSourceRetriever().getEventSourceFor(type);
    ResourceID id = ResourceID.fromResource(desired);
    R cached = cache.get(id).orElse(null);
    if (cached != null && Objects.equals(data.apply(cached), data.apply(desired))
        && Objects.equals(cached.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && Objects.equals(cached.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences())) {
      return;
    }
    R written = client.resource(desired).createOr(existing -> existing.update());
    if (cached == null) {
      cache.handleRecentResourceCreate(ResourceID.fromResource(cluster), written);
    } else {
      cache.handleRecentResourceUpdate(ResourceID.fromResource(cluster), written, cached);
    }
  }
}
