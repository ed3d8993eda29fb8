package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The HBaseClusters a task names, from an informer: a task reads its clusters' probe results
 * from the cache, and a change of a cluster (probed, now reachable, created, deleted) brings a
 * pass of every task that names it (in its spec or its last valid spec), so no task polls for it.
 */
public final class TaskClusters {
  private TaskClusters() {}

  /**
   * @param named the clusters a task names (source, destination, those of its last valid spec)
   */
  public static <P extends HasMetadata> InformerEventSource<HBaseCluster, P> source(Class<P> primary,
      EventSourceContext<P> context, Function<P, Collection<String>> named) {
    var config = InformerEventSourceConfiguration.from(HBaseCluster.class, primary)
        .withName(primary.getSimpleName() + "-clusters")
        .withSecondaryToPrimaryMapper(cluster -> context.getPrimaryCache()
            .list(cluster.getMetadata().getNamespace(), task -> named.apply(task).contains(cluster.getMetadata().getName()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    return new InformerEventSource<>(config, context);
  }

  /** The cluster of that name in the task's namespace, as the informer last saw it. */
  public static Optional<HBaseCluster> get(Context<?> context, String namespace, String name) {
    var clusters = (InformerEventSource<HBaseCluster, ?>) context.eventSourceRetriever().getEventSourceFor(HBaseCluster.class);
    return clusters.get(new ResourceID(name, namespace));
  }

  /** Every cluster name in a spec's source/destination and in a last valid spec's (a map). */
  public static Set<String> names(String source, String destination, java.util.Map<String, Object> lastValidSpec) {
    Set<String> names = new java.util.HashSet<>();
    if (source != null) {
      names.add(source);
    }
    if (destination != null) {
      names.add(destination);
    }
    if (lastValidSpec != null) {
      for (String key : new String[] {"source", "destination"}) {
        if (lastValidSpec.get(key) instanceof String name) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
