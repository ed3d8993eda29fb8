package io.hbasetunnel.operator.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.hbasetunnel.operator.common.TaskClusters;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import java.util.stream.Collectors;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.HBaseClusterStatus;
import io.hbasetunnel.operator.common.Conditions;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.Labels;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.hbasetunnel.operator.common.SpecHash;
import io.hbasetunnel.operator.common.StatusWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.Objects;

/**
 * HBaseCluster: validate (quorum) -> render the client config for workers (ConfigMap, keytab
 * Secret) -> probe with a timeout -> update status. Probed again every minute; nothing else would
 * notice a cluster coming back. The status is written only when what it says changes (and
 * {@code lastProbeTime} at most every {@code refresh}), not once a minute per cluster.
 *
 * <p>Delete: the cluster stays (finalizer) while a task refers to it as source or destination, so
 * a task deleted after it (Argo CD prune, {@code kubectl delete -f dir/}, a namespace deletion, in
 * any order) can still remove its WAL pins and snapshots through its spec; an Event names the
 * tasks that hold it.
 */
@ControllerConfiguration(name = "hbasecluster")
public class HBaseClusterReconciler implements Reconciler<HBaseCluster>, Cleaner<HBaseCluster> {
  private static final Duration REPROBE = Duration.ofMinutes(1);
  private static final Duration REFRESH = Duration.ofMinutes(10);
  private final ClusterProbe probe;
  private final EventRecorder events;
  private final ClientConfigWriter configWriter;
  private final Duration reprobe;
  private final Duration refresh;
  /** The tasks last named as holding a deleted cluster, by its uid: one Event per change. */
  private final Map<String, String> held = new ConcurrentHashMap<>();

  public HBaseClusterReconciler(KubernetesClient client, ClusterProbe probe) {
    this(client, probe, REPROBE, REFRESH);
  }

  /**
   * @param reprobe how often a cluster is probed
   * @param refresh how old {@code lastProbeTime} may get before an unchanged result is written
   */
  public HBaseClusterReconciler(KubernetesClient client, ClusterProbe probe, Duration reprobe, Duration refresh) {
    this.probe = probe;
    this.events = new EventRecorder(client);
    this.configWriter = new ClientConfigWriter(client);
    this.reprobe = reprobe;
    this.refresh = refresh;
  }

  /** What one pass found out about the cluster. */
  private record Observation(boolean reachable, String hbaseVersion, String message) {
    static Observation problem(String message) {
      return new Observation(false, null, message);
    }
  }

  /**
   * The client config it renders (ConfigMap, keytab Secret: label kind=HBaseCluster) is read from
   * informers and written only when it differs; the tasks naming a cluster, so that a cluster
   * being deleted learns at once when the last one is gone.
   */
  @Override
  public List<EventSource<?, HBaseCluster>> prepareEventSources(EventSourceContext<HBaseCluster> context) {
    var maps = InformerEventSourceConfiguration.from(ConfigMap.class, HBaseCluster.class)
        .withLabelSelector(Labels.KIND + "=HBaseCluster").withSecondaryToPrimaryMapper(Labels::owningTask).build();
    var secrets = InformerEventSourceConfiguration.from(Secret.class, HBaseCluster.class)
        .withLabelSelector(Labels.KIND + "=HBaseCluster").withSecondaryToPrimaryMapper(Labels::owningTask).build();
    // a task's status writes are no news for its clusters (each pass would probe again): only a
    // task gone, or naming other clusters, brings a pass (a deleted cluster waits for its holders)
    var migrations = InformerEventSourceConfiguration.from(FullDataMigration.class, HBaseCluster.class)
        .withSecondaryToPrimaryMapper(t -> named(t.getMetadata().getNamespace(), clustersOf(t)))
        .withOnAddFilter(t -> false).withOnUpdateFilter((now, before) -> !clustersOf(now).equals(clustersOf(before))).build();
    var syncs = InformerEventSourceConfiguration.from(IncrementalSync.class, HBaseCluster.class)
        .withSecondaryToPrimaryMapper(t -> named(t.getMetadata().getNamespace(), clustersOf(t)))
        .withOnAddFilter(t -> false).withOnUpdateFilter((now, before) -> !clustersOf(now).equals(clustersOf(before))).build();
    return List.of(new InformerEventSource<>(maps, context), new InformerEventSource<>(secrets, context),
        new InformerEventSource<>(migrations, context), new InformerEventSource<>(syncs, context));
  }

  private static Set<String> clustersOf(FullDataMigration t) {
    return TaskClusters.names(t.getSpec().getSource(), t.getSpec().getDestination(),
        t.getStatus() == null ? null : t.getStatus().getLastValidSpec());
  }

  private static Set<String> clustersOf(IncrementalSync t) {
    return TaskClusters.names(t.getSpec().getSource(), t.getSpec().getDestination(),
        t.getStatus() == null ? null : t.getStatus().getLastValidSpec());
  }

  private static Set<ResourceID> named(String namespace, Set<String> clusters) {
    return clusters.stream().map(name -> new ResourceID(name, namespace)).collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<HBaseCluster> reconcile(HBaseCluster cluster, Context<HBaseCluster> context) {
    HBaseClusterStatus status = cluster.getStatus() == null ? new HBaseClusterStatus() : cluster.getStatus();
    cluster.setStatus(status);
    String before = withoutProbeTime(status);
    Boolean wasReachable = status.getReachable();
    Observation seen = validate(cluster).or(() -> configWriter.write(cluster, context).map(Observation::problem))
        .orElseGet(() -> probe(cluster));
    updateStatus(cluster, seen, wasReachable);
    boolean changed = !before.equals(withoutProbeTime(status));
    UpdateControl<HBaseCluster> control = changed || stale(status.getLastProbeTime()) ? write(cluster, context)
        : UpdateControl.noUpdate();
    return control.rescheduleAfter(reprobe.toMillis());
  }

  /**
   * The cluster goes only once no FullDataMigration or IncrementalSync names it (spec or last
   * valid spec): their own finalizers release the source's pins and snapshots through this spec.
   */
  @Override
  public DeleteControl cleanup(HBaseCluster cluster, Context<HBaseCluster> context) {
    List<String> holders = holders(cluster, context);
    if (holders.isEmpty()) {
      held.remove(cluster.getMetadata().getUid());
      return DeleteControl.defaultDelete();
    }
    String names = String.join(", ", holders);
    if (!names.equals(held.put(cluster.getMetadata().getUid(), names))) {
      events.normal(cluster, "InUse", "kept until these tasks are deleted (they remove their WAL pins and snapshots on the"
          + " source through this cluster): " + names);
    }
    // the tasks' informers bring the next pass when one of them goes
    return DeleteControl.noFinalizerRemoval();
  }

  private static List<String> holders(HBaseCluster cluster, Context<HBaseCluster> context) {
    String name = cluster.getMetadata().getName();
    // the informers' caches (their events are filtered, so not JOSDK's secondary index)
    Stream<HasMetadata> migrations = cached(context, FullDataMigration.class, cluster.getMetadata().getNamespace())
        .filter(t -> refersTo(name, t.getSpec() == null ? null : t.getSpec().getSource(),
            t.getSpec() == null ? null : t.getSpec().getDestination(), t.getStatus() == null ? null : t.getStatus().getLastValidSpec()))
        .map(t -> t);
    Stream<HasMetadata> syncs = cached(context, IncrementalSync.class, cluster.getMetadata().getNamespace())
        .filter(t -> refersTo(name, t.getSpec() == null ? null : t.getSpec().getSource(),
            t.getSpec() == null ? null : t.getSpec().getDestination(), t.getStatus() == null ? null : t.getStatus().getLastValidSpec()))
        .map(t -> t);
    return Stream.concat(migrations, syncs).map(t -> t.getKind() + " " + t.getMetadata().getName()).sorted().toList();
  }

  private static <T extends HasMetadata> Stream<T> cached(Context<HBaseCluster> context, Class<T> type, String namespace) {
    return ((InformerEventSource<T, HBaseCluster>) context.eventSourceRetriever().getEventSourceFor(type)).list(namespace, t -> true);
  }

  private static boolean refersTo(String cluster, String source, String destination, Map<String, Object> lastValidSpec) {
    return cluster.equals(source) || cluster.equals(destination)
        || (lastValidSpec != null && (cluster.equals(lastValidSpec.get("source")) || cluster.equals(lastValidSpec.get("destination"))));
  }

  private static Optional<Observation> validate(HBaseCluster cluster) {
    String quorum = cluster.getSpec().getZookeeperQuorum();
    return quorum == null || quorum.isBlank()
        ? Optional.of(Observation.problem("spec.zookeeperQuorum is empty; set it to the ZooKeeper hosts")) : Optional.empty();
  }

  private Observation probe(HBaseCluster cluster) {
    ClusterProbe.Result result = probe.probe(ClientConfigRenderer.properties(cluster.getSpec()));
    return new Observation(result.reachable(), result.hbaseVersion(), result.message());
  }

  private void updateStatus(HBaseCluster cluster, Observation seen, Boolean wasReachable) {
    HBaseClusterStatus status = cluster.getStatus();
    status.setReachable(seen.reachable());
    status.setHbaseVersion(seen.hbaseVersion());
    status.setMessage(seen.message());
    status.setAddress(cluster.getSpec().getZookeeperQuorum());
    status.setObservedGeneration(cluster.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), Conditions.READY, seen.reachable(), seen.reachable() ? "Reachable" : "Unreachable",
        seen.message(), cluster.getMetadata().getGeneration());
    if (!Objects.equals(wasReachable, seen.reachable())) {
      if (seen.reachable()) {
        events.normal(cluster, "Reachable", "HBase " + seen.hbaseVersion() + " answers");
      } else {
        events.warning(cluster, "Unreachable", seen.message());
      }
    }
  }

  private static UpdateControl<HBaseCluster> write(HBaseCluster cluster, Context<HBaseCluster> context) {
    cluster.getStatus().setLastProbeTime(Instant.now().toString());
    return StatusWriter.write(cluster, context);
  }

  private boolean stale(String lastProbeTime) {
    return lastProbeTime == null || Instant.parse(lastProbeTime).plus(refresh).isBefore(Instant.now());
  }

  /** The status as compared between passes: {@code lastProbeTime} alone is no change. */
  private static String withoutProbeTime(HBaseClusterStatus status) {
    String time = status.getLastProbeTime();
    status.setLastProbeTime(null);
    String hash = SpecHash.of(status);
    status.setLastProbeTime(time);
    return hash;
  }

}
