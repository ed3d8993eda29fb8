package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.FollowOnStatus;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.Conditions;
import io.hbasetunnel.operator.common.Degradation;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.JobStep;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.common.WorkerView;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The incremental sync that follows a full migration (extraAttrs.incrementalFollowOn). The arm
 * Job pins the source's WALs and records the time before any copy Job takes its snapshot, so no
 * edit falls between the snapshot and the sync; once every table is copied and verified, an
 * IncrementalSync owned by the migration applies from that time with the same --sync-id (the
 * migration's run id) and so the same pin, which its own cleanup releases.
 */
final class FollowOn {
  /** On the IncrementalSync: the migration it follows (its informer maps the sync back). */
  static final String FOLLOWS = "hbasetunnel.io/follow-on-of";
  private static final String NOT_OURS = " exists and is not this migration's; delete or rename it";

  private final KubernetesClient client;
  private final WorkerSettings worker;
  private final JobStep jobStep;
  private final EventRecorder events;

  FollowOn(KubernetesClient client, WorkerSettings worker, JobStep jobStep, EventRecorder events) {
    this.client = client;
    this.worker = worker;
    this.jobStep = jobStep;
    this.events = events;
  }

  static String syncName(FullDataMigration task) {
    return Names.child(task.getMetadata().getName(), "sync");
  }

  /** The follow-on status, created on the first pass of a follow-on migration. */
  static FollowOnStatus plan(FullDataMigration task) {
    FollowOnStatus followOn = task.getStatus().getFollowOn() != null ? task.getStatus().getFollowOn() : new FollowOnStatus();
    followOn.setSyncName(syncName(task));
    if (followOn.getSyncId() == null) {
      followOn.setSyncId(FullDataMigrationReconciler.runId(task));
    }
    followOn.setWalPinPeerId(TaskIdentity.walPinPeerId(followOn.getSyncId()));
    if (followOn.getArmTask() == null) {
      followOn.setArmTask(new SubTask("arm-" + Names.hash(task.getMetadata().getUid(), 12), TaskState.PENDING));
    }
    if (followOn.getArmed() == null) {
      followOn.setArmed(false);
    }
    task.getStatus().setFollowOn(followOn);
    return followOn;
  }

  /** Drives the arm Job; true once the WALs are pinned (the copies may take their snapshots). */
  boolean arm(FullDataMigration task, Map<String, String> targets, Map<String, Job> jobs, boolean paused, boolean retry,
      WorkerView workers) {
    FollowOnStatus followOn = task.getStatus().getFollowOn();
    SubTask armTask = followOn.getArmTask();
    String jobName = Names.child(task.getMetadata().getName(), "arm");
    int attempt = armTask.getAttempts() == null ? 1 : armTask.getAttempts();
    WorkerCommand command = WorkerCommand.armWalSync().syncId(followOn.getSyncId()).syncTables(targets)
        .families(SpecCheck.syncFamilies(task.getSpec().getTables(), task.getSpec().getExtraAttrs()))
        .statusFile(WorkerPods.TERMINATION_LOG);
    JobStep.Next next = jobStep.drive(new JobStep.Request(task, armTask, jobName, StepJobs.find(jobs, jobName, "arm", null, null, null),
        paused, retry, () -> WorkerJobs.job(task, jobName, "arm", attempt, worker, task.getSpec().getSource(),
            task.getSpec().getDestination(), command, 1, true), "follow-on arm", workers));
    if (next == JobStep.Next.CONTINUE && !Boolean.TRUE.equals(followOn.getArmed())) {
      followOn.setArmed(true);
      followOn.setArmedAt(Objects.requireNonNullElse(armTask.getEndTime(), Instant.now().toString()));
    }
    return next == JobStep.Next.CONTINUE;
  }

  /**
   * Every table copied and verified: the sync exists (not created while paused), with the fields
   * the migration owns and its pause and retry as they changed (SyncOwnership), and its state is
   * the follow-on's. A sync the user deleted is not made again: its cleanup released the WAL pin.
   */
  void sync(FullDataMigration task, Map<String, String> targets, Context<FullDataMigration> context) {
    FollowOnStatus followOn = task.getStatus().getFollowOn();
    String namespace = task.getMetadata().getNamespace();
    // the follow-on syncs' informer (label follow-on-of); one created a pass ago is in its recent-create cache
    var syncs = (InformerEventSource<IncrementalSync, FullDataMigration>) context.eventSourceRetriever()
        .getEventSourceFor(IncrementalSync.class);
    IncrementalSync existing = syncs.get(new ResourceID(followOn.getSyncName(), namespace)).orElse(null);
    IncrementalSyncSpec owned = ownedSpec(task, targets);
    SyncOwnership.Control control = SyncOwnership.Control.of(task);
    if (existing == null && followOn.getState() != null) {
      if (followOn.getState() == TaskState.FAILED && followOn.getMessage() != null && followOn.getMessage().endsWith(NOT_OURS)) {
        return;
      }
      followOn.setState(TaskState.KILLED);
      followOn.setMessage("IncrementalSync " + followOn.getSyncName() + " was deleted and its cleanup released the WAL pin,"
          + " so edits since are not applied; it is not created again: delete this migration (a new one copies again)");
      return;
    }
    if (existing == null) {
      if (control.paused()) {
        return;
      }
      IncrementalSync sync = new IncrementalSync();
      sync.setMetadata(new ObjectMetaBuilder().withName(followOn.getSyncName()).withNamespace(namespace)
          .withLabels(Map.of(FOLLOWS, task.getMetadata().getName(), Labels.MANAGED_BY, Labels.OPERATOR))
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(task.getApiVersion()).withKind(task.getKind())
              .withName(task.getMetadata().getName()).withUid(task.getMetadata().getUid()).withController(true)
              .withBlockOwnerDeletion(true).build())
          .build());
      SyncOwnership.create(sync, owned, control);
      try {
        syncs.handleRecentResourceCreate(ResourceID.fromResource(task), client.resource(sync).create());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // not in the informer (no follow-on-of label): someone else's sync of that name
        followOn.setState(TaskState.FAILED);
        followOn.setMessage("IncrementalSync " + followOn.getSyncName() + NOT_OURS);
        return;
      }
      followOn.setState(TaskState.PENDING);
      followOn.setMessage("created IncrementalSync " + followOn.getSyncName());
      events.normal(task, "FollowOnStarted", "tables copied and verified; IncrementalSync " + followOn.getSyncName()
          + " applies the edits since " + followOn.getArmedAt() + " (sync id " + followOn.getSyncId() + ")");
      return;
    }
    if (!WorkerJobs.ownedBy(existing, task)) {
      followOn.setState(TaskState.FAILED);
      followOn.setMessage("IncrementalSync " + followOn.getSyncName() + NOT_OURS);
      return;
    }
    if (SyncOwnership.outdated(existing, owned, control)) {
      client.resources(IncrementalSync.class).inNamespace(namespace).withName(followOn.getSyncName()).edit(s -> {
        SyncOwnership.update(s, owned, control);
        return s;
      });
    }
    followOn.setState(existing.getStatus() == null || existing.getStatus().getState() == null ? TaskState.PENDING
        : existing.getStatus().getState());
    followOn.setMessage(existing.getStatus() == null ? null : existing.getStatus().getMessage());
  }

  /**
   * The follow-on sync's Degraded condition while it runs degraded (a worker's problem, workers
   * stuck): the migration's view of its sync. A FAILED or KILLED sync is the migration's state already.
   */
  static Optional<Degradation> degradation(FullDataMigration task, java.util.Collection<IncrementalSync> syncs) {
    return syncs.stream().filter(s -> WorkerJobs.ownedBy(s, task) && s.getStatus() != null
            && s.getStatus().getState() != TaskState.FAILED && s.getStatus().getState() != TaskState.KILLED)
        .flatMap(s -> s.getStatus().getConditions().stream()
            .filter(c -> Conditions.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus()))
            .map(c -> new Degradation(c.getReason(), "follow-on sync " + s.getMetadata().getName() + ": " + c.getMessage())))
        .findFirst();
  }

  /**
   * The fields the migration owns: the tables with their resolved targets (the destination
   * tables exist, the migration made them); pause and retry are passed on apart.
   */
  private static IncrementalSyncSpec ownedSpec(FullDataMigration task, Map<String, String> targets) {
    ExtraAttrs from = task.getSpec().getExtraAttrs();
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource(task.getSpec().getSource());
    spec.setDestination(task.getSpec().getDestination());
    List<TableSpec> tables = new ArrayList<>();
    for (TableSpec table : task.getSpec().getTables()) {
      tables.add(new TableSpec(table.getName(), targets.get(table.getName()), table.getColumnFamilies()));
    }
    spec.setTables(tables);
    spec.setCreateTable(false);
    if (from != null && from.getColumnFamilies() != null) {
      ExtraAttrs extra = new ExtraAttrs();
      extra.setColumnFamilies(from.getColumnFamilies());
      spec.setExtraAttrs(extra);
    }
    spec.setArmedSyncId(task.getStatus().getFollowOn().getSyncId());
    spec.setPaused(null);
    return spec;
  }

  /**
   * Delete: the sync goes too (its cleanup releases the pin; no garbage collector is relied on);
   * armed but no sync yet: the pin is released here.
   */
  void cleanup(FullDataMigration task) {
    FollowOnStatus followOn = task.getStatus() == null ? null : task.getStatus().getFollowOn();
    if (followOn == null) {
      return;
    }
    String namespace = task.getMetadata().getNamespace();
    IncrementalSync sync = client.resources(IncrementalSync.class).inNamespace(namespace).withName(followOn.getSyncName()).get();
    if (sync != null && WorkerJobs.ownedBy(sync, task)) {
      client.resource(sync).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      return;
    }
    if (followOn.getState() != null) {
      // the sync existed and was deleted on its own: its cleanup released the pin
      return;
    }
    if (followOn.getArmTask() != null && followOn.getArmTask().getState() != TaskState.PENDING) {
      String name = Names.child(task.getMetadata().getName(), "release-pin-" + Names.hash(task.getMetadata().getUid(), 8));
      if (client.batch().v1().jobs().inNamespace(namespace).withName(name).get() == null) {
        Job release = WorkerJobs.job(task, name, "release-pin", 1, worker, task.getSpec().getSource(),
            task.getSpec().getDestination(), WorkerCommand.releasePin().syncId(followOn.getSyncId()), 1, false);
        release.getMetadata().getLabels().put(Labels.KIND, "Cleanup");
        client.resource(release).create();
      }
    }
  }
}
