package io.hbasetunnel.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import java.util.List;
import java.util.Map;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registered HBaseClusters: LTS's cluster names and the addresses listings show for them. */
final class ClusterDirectory implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  /** Listings render addresses from this cache; checks before a create ask the API server. */
  private final SharedIndexInformer<HBaseCluster> cache;

  ClusterDirectory(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.cache = client.resources(HBaseCluster.class).inNamespace(namespace).inform();
  }

  @Override
  public void close() {
    cache.close();
  }

  /** Fails with a 400 naming the known clusters when {@code name} is not one of them. */
  void require(String parameter, String name) {
    if (client.resources(HBaseCluster.class).inNamespace(namespace).withName(name).get() == null) {
      List<String> known = all().keySet().stream().sorted().toList();
      throw LtsException.badRequest("unknown " + parameter + " cluster '" + name + "'; register it as an HBaseCluster"
          + " (kubectl apply -f hbasecluster.yaml) or use one of " + known);
    }
  }

  /** Cluster name -> address (the ZooKeeper quorum), for rendering {@code src}/{@code dst}. */
  Map<String, String> addresses() {
    return cache.getStore().list().stream()
        .collect(Collectors.toMap(c -> c.getMetadata().getName(), ClusterDirectory::address, (a, b) -> a));
  }

  private Map<String, HBaseCluster> all() {
    return client.resources(HBaseCluster.class).inNamespace(namespace).list().getItems().stream()
        .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
  }

  static String address(HBaseCluster cluster) {
    if (cluster.getStatus() != null && cluster.getStatus().getAddress() != null) {
      return cluster.getStatus().getAddress();
    }
    return cluster.getSpec() == null ? "" : cluster.getSpec().getZookeeperQuorum();
  }
}
