package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.SourceCleanup;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.Optional;
import java.util.Set;

/**
 * A sync's delete: its workers go, then every WAL pin it may hold is removed from the source
 * (SourceCleanup), then a release-pin Job deletes its checkpoint row where Jobs can still be created.
 */
final class SyncCleanup {
  private final KubernetesClient client;
  private final WorkerSettings worker;
  private final EventRecorder events;
  private final SourceCleanup sourceCleanup;

  SyncCleanup(KubernetesClient client, WorkerSettings worker, EventRecorder events, SourceCleanup sourceCleanup) {
    this.client = client;
    this.worker = worker;
    this.events = events;
    this.sourceCleanup = sourceCleanup;
  }

  /**
   * Delete: remove the workers (Deployment, Jobs, and their pods: an arm or wal-sync pod could add a
   * pin after a release), then the operator removes every WAL pin this sync may have on the source
   * itself (SourceCleanup), and only then lets the resource go. A release-pin Job, where Jobs can
   * still be created, deletes the sync's checkpoint row on the destination.
   */
  public DeleteControl cleanup(IncrementalSync task, Context<IncrementalSync> context) {
    String namespace = task.getMetadata().getNamespace();
    Set<String> pins = walPins(task, context);
    client.apps().deployments().inNamespace(namespace).withName(Names.child(task.getMetadata().getName(), "wal-sync"))
        .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
    client.batch().v1().jobs().inNamespace(namespace).withLabel(Labels.TASK, task.getMetadata().getName())
        .withLabel(Labels.KIND, "IncrementalSync").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    boolean started = task.getStatus() != null && task.getStatus().getWalPinPeerId() != null;
    Optional<DeleteControl> waiting = sourceCleanup.stopWorkers(task)
        .or(() -> sourceCleanup.release(task, task.getSpec().getSource(), pins, Set.of(), started));
    if (waiting.isPresent()) {
      return waiting.get();
    }
    // one release Job per run: the checkpoint row it removes is this run's (TaskIdentity.runId)
    String name = Names.child(task.getMetadata().getName(), "release-pin-" + Names.hash(task.getMetadata().getUid(), 8));
    try {
      if (client.batch().v1().jobs().inNamespace(namespace).withName(name).get() == null) {
        Job release = WorkerJobs.job(task, name, "release-pin", 1, worker, task.getSpec().getSource(),
            task.getSpec().getDestination(), WorkerCommand.releasePin().syncId(IncrementalSyncReconciler.syncId(task)), 1, false);
        release.getMetadata().getLabels().put(Labels.KIND, "Cleanup");
        client.resource(release).create();
      }
    } catch (KubernetesClientException e) {
      // a namespace being deleted refuses new objects: the pin is gone already, the checkpoint row stays
      events.warning(task, "CleanupJobRefused", "cannot create " + name + " (" + e.getMessage() + "); the WAL pin is removed,"
          + " the checkpoint row of sync " + IncrementalSyncReconciler.syncId(task) + " stays on the destination");
    }
    events.normal(task, "Deleted", "removed the wal-sync workers and the WAL pin " + pins + " on the source; " + name
        + " removes the checkpoint row");
    return DeleteControl.defaultDelete();
  }

  /**
   * Every pin this sync may hold (each with all its generations): the one of its sync id (the armed
   * one for a follow-on sync, which an arm may have made before any worker ran), the one its
   * workers ran with (recorded in status, and the Deployment's {@code --sync-id} while it is still
   * seen), and, for a sync not armed by a migration, the pin of the naming before run ids
   * ({@code --sync-id <name>}): an upgraded sync may hold that one and, after its Deployment was
   * made again, a new one too.
   */
  private static Set<String> walPins(IncrementalSync task, Context<IncrementalSync> context) {
    Set<String> pins = new java.util.TreeSet<>();
    pins.add(TaskIdentity.walPinPeerId(IncrementalSyncReconciler.syncId(task)));
    if (task.getStatus() != null && task.getStatus().getWalPinPeerId() != null) {
      pins.add(task.getStatus().getWalPinPeerId());
    }
    SyncObservation.runningSyncId(task, context).map(TaskIdentity::walPinPeerId).ifPresent(pins::add);
    String armed = task.getSpec().getArmedSyncId();
    if (armed == null || armed.isEmpty()) {
      pins.add(TaskIdentity.walPinPeerId(task.getMetadata().getName()));
    }
    return pins;
  }
}
