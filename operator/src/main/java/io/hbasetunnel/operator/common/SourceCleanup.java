package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.operator.cluster.ClientConfigRenderer;
import io.hbasetunnel.operator.cluster.SourceRelease;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a task's delete that must never leak: its WAL pins and snapshots on the source.
 * First the task's worker pods go (a copy pod could still take a snapshot, an arm or wal-sync pod
 * add a pin, after a release), then the operator removes the pins and snapshots itself through
 * the source HBaseCluster's spec (which a finalizer keeps while tasks refer to it). Nothing here
 * needs a ConfigMap, a Secret or a new pod, so it also works in a namespace being deleted. The
 * finalizer stays until the release succeeded; every problem is a Warning event on the task.
 */
public final class SourceCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCleanup.class);
  /** Pods that take longer to go (a node that is gone) are not waited for beyond this. */
  static final Duration POD_GRACE = Duration.ofMinutes(5);
  private static final long POD_RECHECK_MILLIS = 2_000;
  private static final long RELEASE_RETRY_MILLIS = 30_000;
  private static final Set<String> TERMINAL = Set.of("Succeeded", "Failed");
  /**
   * Annotation a user sets to {@code skip} on a task whose source is gone for good (decommissioned):
   * its delete then leaves the pins and snapshots (nothing could remove them) instead of waiting.
   */
  public static final String SKIP_ANNOTATION = "hbasetunnel.io/source-release";

  private final KubernetesClient client;
  private final SourceRelease release;
  private final EventRecorder events;
  /** The last problem told per task uid: one Warning per distinct problem, not one per retry. */
  private final Map<String, String> told = new ConcurrentHashMap<>();

  public SourceCleanup(KubernetesClient client, SourceRelease release, EventRecorder events) {
    this.client = client;
    this.release = release;
    this.events = events;
  }

  /**
   * Deletes the task's worker pods that still run; a delete that must wait for them answers the
   * DeleteControl to return, empty once none runs (or they had {@link #POD_GRACE} to go).
   */
  public java.util.Optional<DeleteControl> stopWorkers(HasMetadata task) {
    List<Pod> running = client.pods().inNamespace(task.getMetadata().getNamespace())
        .withLabel(Labels.TASK, task.getMetadata().getName()).withLabel(Labels.KIND, task.getKind()).list().getItems().stream()
        .filter(p -> p.getStatus() == null || !TERMINAL.contains(p.getStatus().getPhase())).toList();
    if (running.isEmpty()) {
      return java.util.Optional.empty();
    }
    running.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).forEach(p -> client.resource(p).delete());
    String since = task.getMetadata().getDeletionTimestamp();
    if (since != null && OffsetDateTime.parse(since).toInstant().plus(POD_GRACE).isBefore(Instant.now())) {
      tell(task, "WorkersLingering", running.size() + " worker pod(s) still terminating after " + POD_GRACE.toMinutes()
          + " minutes (" + running.get(0).getMetadata().getName() + "); releasing the source's WAL pins and snapshots anyway");
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(DeleteControl.noFinalizerRemoval().rescheduleAfter(POD_RECHECK_MILLIS));
  }

  /**
   * Removes the pins and snapshots from the source cluster {@code source}; empty when done, else
   * the DeleteControl that keeps the finalizer and tries again.
   *
   * @param started whether the task ever got past validation (so workers may have run): a task
   *     that never did, on a cluster that does not exist, has nothing to release
   */
  public java.util.Optional<DeleteControl> release(HasMetadata task, String source, Set<String> walPinPeerIds,
      Set<String> snapshots, boolean started) {
    if (walPinPeerIds.isEmpty() && snapshots.isEmpty()) {
      return java.util.Optional.empty();
    }
    String what = describe(walPinPeerIds, snapshots);
    var annotations = task.getMetadata().getAnnotations();
    if (annotations != null && "skip".equals(annotations.get(SKIP_ANNOTATION))) {
      events.warning(task, "SourceReleaseSkipped", SKIP_ANNOTATION + "=skip: " + what + " left on " + source
          + "; if that cluster comes back, remove them by hand (hbase shell: remove_peer / delete_snapshot)");
      return java.util.Optional.empty();
    }
    HBaseCluster cluster = source == null ? null
        : client.resources(HBaseCluster.class).inNamespace(task.getMetadata().getNamespace()).withName(source).get();
    if ((cluster == null || cluster.getSpec() == null) && !started) {
      // never got past validation: no worker ever ran against this source, nothing can be there
      return java.util.Optional.empty();
    }
    if (cluster == null || cluster.getSpec() == null) {
      tell(task, "SourceReleasePending", "HBaseCluster " + source + " is gone, so " + what + " cannot be removed from it;"
          + " create it again under that name, or remove them by hand (hbase shell: remove_peer / delete_snapshot)"
          + " and then this resource's finalizer");
      return java.util.Optional.of(DeleteControl.noFinalizerRemoval().rescheduleAfter(RELEASE_RETRY_MILLIS));
    }
    return releaseFrom(task, cluster, walPinPeerIds, snapshots) ? java.util.Optional.empty()
        : java.util.Optional.of(DeleteControl.noFinalizerRemoval().rescheduleAfter(RELEASE_RETRY_MILLIS));
  }

  /**
   * Removes the pins and snapshots from the source cluster {@code source} while the task lives
   * (a migration's snapshots once its tables are copied and verified); false when not done yet
   * (told in a Warning event), to be tried again on a later pass.
   */
  public boolean releaseNow(HasMetadata task, String source, Set<String> walPinPeerIds, Set<String> snapshots) {
    HBaseCluster cluster = client.resources(HBaseCluster.class).inNamespace(task.getMetadata().getNamespace()).withName(source).get();
    if (cluster == null || cluster.getSpec() == null) {
      tell(task, "SourceReleasePending", "HBaseCluster " + source + " is gone, so " + describe(walPinPeerIds, snapshots)
          + " cannot be removed from it yet");
      return false;
    }
    return releaseFrom(task, cluster, walPinPeerIds, snapshots);
  }

  private boolean releaseFrom(HasMetadata task, HBaseCluster cluster, Set<String> walPinPeerIds, Set<String> snapshots) {
    String source = cluster.getMetadata().getName();
    String what = describe(walPinPeerIds, snapshots);
    try {
      SourceRelease.Released done = release.release(ClientConfigRenderer.properties(cluster.getSpec()), walPinPeerIds, snapshots);
      told.remove(task.getMetadata().getUid());
      LOG.info("{} {}: removed WAL pin peers {} and snapshots {} from {}", task.getKind(), task.getMetadata().getName(),
          done.peers(), done.snapshots(), source);
      events.normal(task, "SourceReleased", "removed from " + source + ": " + (done.peers().isEmpty() && done.snapshots().isEmpty()
          ? "nothing left (" + what + " already gone)" : "peers " + done.peers() + ", snapshots " + done.snapshots()));
      return true;
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      tell(task, "SourceReleasePending", "cannot remove " + what + " from " + source + " yet (" + root.getMessage()
          + "); tried again every " + RELEASE_RETRY_MILLIS / 1000 + " s (a source gone for good: annotate this resource "
          + SKIP_ANNOTATION + "=skip to delete it without)");
      return false;
    }
  }

  private static String describe(Set<String> walPinPeerIds, Set<String> snapshots) {
    return (walPinPeerIds.isEmpty() ? "" : "WAL pin peers " + walPinPeerIds + " (every generation)")
        + (walPinPeerIds.isEmpty() || snapshots.isEmpty() ? "" : " and ") + (snapshots.isEmpty() ? "" : "snapshots " + snapshots);
  }

  private void tell(HasMetadata task, String reason, String message) {
    if (!message.equals(told.put(task.getMetadata().getUid(), message))) {
      LOG.warn("{} {}: {}", task.getKind(), task.getMetadata().getName(), message);
      events.warning(task, reason, message);
    }
  }
}
