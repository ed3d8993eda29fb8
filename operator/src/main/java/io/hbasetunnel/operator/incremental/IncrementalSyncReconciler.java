package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableSyncStatus;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.cluster.SourceRelease;
import io.hbasetunnel.operator.common.Conditions;
import io.hbasetunnel.operator.common.Degradation;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.JobStep;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.PodHealth;
import io.hbasetunnel.operator.common.SourceCleanup;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.TaskClusters;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.TaskPass;
import io.hbasetunnel.operator.common.WorkerEvents;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.incremental.SyncObservation.Observed;
import io.hbasetunnel.operator.incremental.SyncSummary.Outcome;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * IncrementalSync -> an arm Job that pins the source's WALs (a standalone sync; SyncArm) and schema
 * Jobs for new tables (createTable), then a Deployment running `worker wal-sync` (a JOSDK
 * dependent resource, WalSyncDeployment). Abort scales it to zero (the WAL pin stays, so nothing
 * is lost); a change of tables rolls the pods, which resume from their checkpoints; delete removes
 * the workers and the WAL pin (SyncCleanup). One pass is a list of named steps: validate (the
 * spec, then the clusters; TaskPass) -> observe (SyncObservation) -> act (arm, schemas, workers)
 * -> update status (SyncSummary). Everything is read from informers; the status is written only
 * when the pass changed it.
 */
@ControllerConfiguration(name = "incrementalsync")
public class IncrementalSyncReconciler implements Reconciler<IncrementalSync>, Cleaner<IncrementalSync> {
  /** Offsets only move while workers run; nothing else announces it. */
  private static final long STATUS_POLL_MILLIS = 10_000;
  /** Degraded reason of a worker's fatal exit; it stays FAILED (workers at zero) until a retry. */
  private static final String WORKER_FAILED = "WorkerFailed";

  private final WorkerSettings worker;
  private final EventRecorder events;
  private final SyncArm arm;
  private final SyncSchemas schemas;
  private final WalSyncDeployment deployment;
  private final SyncSummary summary;
  private final SyncCleanup cleanup;

  public IncrementalSyncReconciler(KubernetesClient client, WorkerSettings worker, SyncStatusSource syncStatus, ZoneId zone,
      SourceRelease release) {
    this.worker = worker;
    this.events = new EventRecorder(client);
    JobStep jobStep = new JobStep(client, events);
    this.arm = new SyncArm(worker, jobStep);
    this.schemas = new SyncSchemas(worker, jobStep);
    this.deployment = new WalSyncDeployment(worker, events);
    this.summary = new SyncSummary(syncStatus, zone, events);
    this.cleanup = new SyncCleanup(client, worker, events, new SourceCleanup(client, release, events));
  }

  @Override
  public List<EventSource<?, IncrementalSync>> prepareEventSources(EventSourceContext<IncrementalSync> context) {
    var jobs = InformerEventSourceConfiguration.from(Job.class, IncrementalSync.class)
        .withLabelSelector(Labels.KIND + "=IncrementalSync").withSecondaryToPrimaryMapper(Labels::owningTask).build();
    // the kubelet's word on the workers (exits, image pulls, scheduling) moves the sync's state
    var pods = InformerEventSourceConfiguration.from(Pod.class, IncrementalSync.class)
        .withLabelSelector(Labels.KIND + "=IncrementalSync")
        .withSecondaryToPrimaryMapper(Labels::owningTask).build();
    var jobSource = new InformerEventSource<>(jobs, context);
    var podSource = new InformerEventSource<>(pods, context);
    // a cluster probed (reachable, unreachable), created or deleted brings a pass of the syncs naming it
    var clusters = TaskClusters.source(IncrementalSync.class, context, t -> TaskClusters.names(t.getSpec().getSource(),
        t.getSpec().getDestination(), t.getStatus() == null ? null : t.getStatus().getLastValidSpec()));
    // the Deployment's informer is the dependent resource's; pods never created or never started
    // show only in the controllers' Events
    return List.of(jobSource, deployment.eventSource(context).orElseThrow(), podSource,
        WorkerEvents.source(IncrementalSync.class, context, jobSource, podSource), clusters);
  }

  @Override
  public UpdateControl<IncrementalSync> reconcile(IncrementalSync task, Context<IncrementalSync> context) {
    var pass = TaskPass.begin(task, IncrementalSyncStatus::new, IncrementalSync::new, IncrementalSyncSpec.class,
        IncrementalSyncReconciler::started, SpecCheck::incremental);
    IncrementalSyncStatus status = pass.status();
    // validate: the spec, then (before the start) both clusters
    Optional<UpdateControl<IncrementalSync>> stop = pass.validate(started(status), context, events,
        task.getSpec().getSource(), task.getSpec().getDestination());
    if (stop.isPresent()) {
      return stop.get();
    }
    IncrementalSync working = pass.working();
    // observe, act, update status
    Observed observed = SyncObservation.observe(working, status, context);
    Outcome outcome = act(working, status, observed, context).orStuck(observed.stuck());
    summary.update(working, status, pass.before(), outcome);
    pass.reportInvalidSpec(events, "the wal-sync workers keep their last valid spec until this is fixed");
    return pass.write(context, outcome.recheckMillis());
  }

  /** A sync has started once it got past validation: what it runs on may no longer change. */
  private static boolean started(IncrementalSyncStatus status) {
    return status.getStartTime() != null;
  }

  /** The arm and schema Jobs first; then the workers, at zero when paused or after a fatal exit. */
  private Outcome act(IncrementalSync task, IncrementalSyncStatus status, Observed observed, Context<IncrementalSync> context) {
    if (status.getStartTime() == null) {
      status.setStartTime(Instant.now().toString());
    }
    String syncId = observed.runningSyncId().orElseGet(() -> syncId(task));
    status.setWalPinPeerId(TaskIdentity.walPinPeerId(syncId));
    SyncArm.Result arm = this.arm.drive(task, status, syncId, observed.jobs(), observed.allPods(), observed.paused(),
        observed.retry(), observed.runningSyncId().isPresent());
    boolean schemasDone = schemas.run(task, status, observed.jobs(), observed.retry(), observed.allPods());
    status.setObservedRetryNonce(task.getSpec().getRetryNonce());
    if (arm.failed()) {
      return new Outcome(TaskState.FAILED, arm.failure() + "; fix the cause, then retry", SyncArm.ARM_FAILED, null, 0);
    }
    Optional<SubTask> failedSchema = status.getTables().stream().map(TableSyncStatus::getSchemeTask)
        .filter(s -> s != null && s.getState() == TaskState.FAILED).findFirst();
    if (failedSchema.isPresent()) {
      return Outcome.of(TaskState.FAILED, "scheme task " + failedSchema.get().getName() + " failed: "
          + failedSchema.get().getMessage() + "; fix the cause, then retry");
    }
    if (!schemasDone && !observed.paused()) {
      return Outcome.of(TaskState.PENDING, "creating destination tables");
    }
    if (!arm.armed()) {
      // no Deployment before the WALs are pinned
      return observed.paused() ? Outcome.of(TaskState.KILLED, "paused (abort) before the WALs were pinned; retry arms again")
          : Outcome.of(TaskState.PENDING, "pinning the source's WALs from the start time (Job " + SyncArm.jobName(task) + ")");
    }
    Optional<String> workerFailure = workerFailure(status, observed);
    int replicas = observed.paused() || workerFailure.isPresent() ? 0 : parallelism(task);
    Deployment workers = deployment.apply(task, context, syncId, replicas);
    if (workerFailure.isPresent()) {
      return new Outcome(TaskState.FAILED, workerFailure.get(), WORKER_FAILED, null, 0);
    }
    if (observed.paused()) {
      return Outcome.of(TaskState.KILLED, "paused (abort): workers scaled to zero, WAL pin kept; retry resumes");
    }
    Optional<SyncStatusSource.Problem> problem = summary.readOffsets(status, observed.pods());
    Integer ready = workers.getStatus() == null ? null : workers.getStatus().getReadyReplicas();
    boolean running = ready != null && ready > 0;
    Degradation degraded = observed.notStarting().map(PodHealth::degradation)
        .or(() -> problem.map(p -> new Degradation(p.reason(), p.message()))).orElse(null);
    String message = running ? "syncing with " + ready + " worker(s)" : "starting wal-sync workers";
    return new Outcome(running ? TaskState.RUNNING : TaskState.PENDING,
        problem.isPresent() ? message + "; degraded: " + problem.get().message() : message, null, degraded, STATUS_POLL_MILLIS);
  }

  /**
   * The sync id for a new Deployment: the one a FullDataMigration armed (its pin and start time),
   * else this run's. Release-pin on delete uses the same.
   */
  static String syncId(IncrementalSync task) {
    String armed = task.getSpec().getArmedSyncId();
    return armed != null && !armed.isEmpty() ? armed : TaskIdentity.runId(task);
  }

  /**
   * A worker that exited with 2 (bad input) or 4 (WAL gone): restarting it cannot help, so the
   * sync is FAILED with the worker's own message until the user retries. The failure is kept in
   * the Degraded condition, since the pods that showed it go away with the scale-down.
   */
  private static Optional<String> workerFailure(IncrementalSyncStatus status, Observed observed) {
    if (observed.fatalExit().isPresent()) {
      return Optional.of(observed.fatalExit().get().describe());
    }
    if (observed.retry() || status.getState() != TaskState.FAILED) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(c -> Conditions.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus()) && WORKER_FAILED.equals(c.getReason()))
        .map(c -> c.getMessage()).findFirst();
  }

  private static int parallelism(IncrementalSync task) {
    var extra = task.getSpec().getExtraAttrs();
    return extra == null || extra.getParallelism() == null ? 1 : extra.getParallelism();
  }

  @Override
  public DeleteControl cleanup(IncrementalSync task, Context<IncrementalSync> context) {
    return cleanup.cleanup(task, context);
  }

  /** Where capture starts (WalSyncDeployment): extraAttrs.startTime, else the resource's creation. */
  static Long startTime(IncrementalSync task) {
    return WalSyncDeployment.startTime(task);
  }
}
