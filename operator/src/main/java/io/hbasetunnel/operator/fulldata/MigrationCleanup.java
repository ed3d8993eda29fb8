package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hbasetunnel.contract.naming.SourceNames;
import io.hbasetunnel.contract.naming.StagingPaths;
import io.hbasetunnel.api.v1alpha1.FollowOnStatus;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.SourceCleanup;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.TaskPass;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A migration's delete: its Jobs and their pods go, then its snapshots and the follow-on's WAL
 * pin are removed from the source (SourceCleanup), then an unowned cleanup Job removes the
 * staging files where Jobs can still be created.
 */
final class MigrationCleanup {
  private final KubernetesClient client;
  private final WorkerSettings worker;
  private final EventRecorder events;
  private final SourceCleanup sourceCleanup;
  private final FollowOn followOn;

  MigrationCleanup(KubernetesClient client, WorkerSettings worker, EventRecorder events, SourceCleanup sourceCleanup,
      FollowOn followOn) {
    this.client = client;
    this.worker = worker;
    this.events = events;
    this.sourceCleanup = sourceCleanup;
    this.followOn = followOn;
  }

  /**
   * Delete: stop and remove the task's Jobs and their pods; then the operator removes the run's
   * snapshots and its follow-on's WAL pin from the source itself (SourceCleanup: no new pod, no
   * ConfigMap needed), and only then lets the resource go. An unowned cleanup Job removes the
   * staging files and gives deferred compactions back where Jobs can still be created (not in a
   * namespace being deleted). Destination tables and data are never touched.
   */
  public DeleteControl cleanup(FullDataMigration deleted, Context<FullDataMigration> context) {
    // what the workers worked on, also when the spec was made invalid since
    FullDataMigration task = deleted.getStatus() == null || SpecCheck.fullData(deleted.getSpec()).ok() ? deleted
        : TaskPass.lastValid(deleted, FullDataMigration::new, FullDataMigrationSpec.class).orElse(deleted);
    client.batch().v1().jobs().inNamespace(task.getMetadata().getNamespace())
        .withLabel(Labels.TASK, task.getMetadata().getName()).withLabel(Labels.KIND, "FullDataMigration")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
    Optional<DeleteControl> waiting = sourceCleanup.stopWorkers(task).or(() -> sourceCleanup.release(task,
        task.getSpec().getSource(), walPins(task), ownSnapshots(task), MigrationSummary.started(task.getStatus())));
    if (waiting.isPresent()) {
      return waiting.get();
    }
    // one cleanup per run: a task recreated under the same name and deleted again gets its own
    String name = Names.child(task.getMetadata().getName(), "cleanup-" + Names.hash(task.getMetadata().getUid(), 8));
    try {
      if (client.batch().v1().jobs().inNamespace(task.getMetadata().getNamespace()).withName(name).get() == null) {
        // with their targets: a table created with compactions deferred gets them back
        WorkerCommand command = WorkerCommand.cleanup().taskId(FullDataMigrationReconciler.runId(task)).stagingDir(worker.stagingDir())
            .syncTables(cleanupTargets(task));
        Job cleanup = WorkerJobs.job(task, name, "cleanup", 1, worker, task.getSpec().getSource(),
            task.getSpec().getDestination(), command, 1, false);
        cleanup.getMetadata().getLabels().put(Labels.KIND, "Cleanup");
        client.resource(cleanup).create();
      }
      followOn.cleanup(task);
    } catch (KubernetesClientException e) {
      // a namespace being deleted refuses new objects: the source is clean already, staging files stay
      events.warning(task, "CleanupJobRefused", "cannot create " + name + " (" + e.getMessage() + "); the source's snapshots"
          + " and WAL pin are removed, staging files under " + StagingPaths.taskDir(worker.stagingDir(), FullDataMigrationReconciler.runId(task)) + " stay");
    }
    events.normal(task, "Deleted", "removed the task's Jobs, its snapshots and WAL pin on the source; " + name
        + " removes its staging files" + (task.getStatus() != null && task.getStatus().getFollowOn() != null
        ? "; its follow-on sync is deleted" : ""));
    return DeleteControl.defaultDelete();
  }

  /** The follow-on's WAL pin (armed or being armed: a running arm pod is stopped first). */
  private static java.util.Set<String> walPins(FullDataMigration task) {
    FollowOnStatus followOn = task.getStatus() == null ? null : task.getStatus().getFollowOn();
    if (followOn == null || followOn.getSyncId() == null) {
      return java.util.Set.of();
    }
    return java.util.Set.of(SourceNames.walPinPeerId(followOn.getSyncId()));
  }

  /** The snapshots this run's copies took (never a snapshot the user named in extraAttrs.snapshotName). */
  static java.util.Set<String> ownSnapshots(FullDataMigration task) {
    if (task.getStatus() == null) {
      return java.util.Set.of();
    }
    return task.getStatus().getTables().stream().map(t -> SourceNames.snapshotName(FullDataMigrationReconciler.runId(task), t.getTable()))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Each source table and its target; a spec never valid names the source tables only. */
  private static Map<String, String> cleanupTargets(FullDataMigration task) {
    SpecCheck.Result spec = SpecCheck.fullData(task.getSpec());
    if (spec.ok()) {
      return spec.targets();
    }
    Map<String, String> targets = new LinkedHashMap<>();
    task.getSpec().getTables().forEach(table -> targets.put(table.getName(), table.getName()));
    return targets;
  }
}
