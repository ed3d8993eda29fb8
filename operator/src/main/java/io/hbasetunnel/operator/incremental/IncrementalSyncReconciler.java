package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hbasetunnel.operator.cluster.SourceRelease;
import io.hbasetunnel.operator.common.SourceCleanup;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.TargetTables;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TableSyncStatus;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.ClusterCheck;
import io.hbasetunnel.operator.common.Conditions;
import io.hbasetunnel.operator.common.Degradation;
import io.hbasetunnel.operator.common.EventReasons;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.JobStep;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.LastValidSpec;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.PodHealth;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.RunIds;
import io.hbasetunnel.operator.common.SpecHash;
import io.hbasetunnel.operator.common.StatusWriter;
import io.hbasetunnel.operator.common.StuckWorkers;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerEvents;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerSettings;
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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * IncrementalSync -> an arm Job that pins the source's WALs (a standalone sync; SyncArm) and schema
 * Jobs for new tables (createTable), then a Deployment running `worker wal-sync`. Abort scales it to zero (the WAL pin stays, so nothing is lost); a change of
 * tables rolls the pods, which resume from their checkpoints; delete removes the Deployment and
 * starts a Job that releases the WAL pin on the source.
 */
@ControllerConfiguration(name = "incrementalsync")
public class IncrementalSyncReconciler implements Reconciler<IncrementalSync>, Cleaner<IncrementalSync> {
  /** Offsets only move while workers run; nothing else announces it. */
  private static final long STATUS_POLL_MILLIS = 10_000;
  private static final DateTimeFormatter SYNC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final KubernetesClient client;
  private final WorkerSettings worker;
  private final SyncStatusSource syncStatus;
  private final ZoneId zone;
  private final EventRecorder events;
  private final JobStep jobStep;
  private final SyncArm arm;

  private final SourceCleanup sourceCleanup;

  public IncrementalSyncReconciler(KubernetesClient client, WorkerSettings worker, SyncStatusSource syncStatus, ZoneId zone,
      SourceRelease release) {
    this.client = client;
    this.worker = worker;
    this.syncStatus = syncStatus;
    this.zone = zone;
    this.events = new EventRecorder(client);
    this.jobStep = new JobStep(client, events);
    this.arm = new SyncArm(worker, jobStep);
    this.sourceCleanup = new SourceCleanup(client, release, events);
  }

  @Override
  public List<EventSource<?, IncrementalSync>> prepareEventSources(EventSourceContext<IncrementalSync> context) {
    var jobs = InformerEventSourceConfiguration.from(Job.class, IncrementalSync.class)
        .withLabelSelector(Labels.KIND + "=IncrementalSync").withSecondaryToPrimaryMapper(Labels::owningTask).build();
    var deployments = InformerEventSourceConfiguration.from(Deployment.class, IncrementalSync.class)
        .withLabelSelector(Labels.KIND + "=IncrementalSync").withSecondaryToPrimaryMapper(Labels::owningTask).build();
    // the kubelet's word on the workers (exits, image pulls, scheduling) moves the sync's state
    var pods = InformerEventSourceConfiguration.from(Pod.class, IncrementalSync.class)
        .withLabelSelector(Labels.KIND + "=IncrementalSync")
        .withSecondaryToPrimaryMapper(Labels::owningTask).build();
    var jobSource = new InformerEventSource<>(jobs, context);
    var podSource = new InformerEventSource<>(pods, context);
    // pods never created or never started show only in the controllers' Events
    return List.of(jobSource, new InformerEventSource<>(deployments, context), podSource,
        WorkerEvents.source(IncrementalSync.class, context, jobSource, podSource));
  }

  /** What one pass saw: the task's own Jobs, the wal-sync pods and what the kubelet says of them. */
  private record Observed(Map<String, Job> jobs, List<Pod> pods, List<Pod> allPods, Optional<PodHealth.FatalExit> fatalExit,
      Optional<PodHealth.NotStarting> notStarting, Optional<Degradation> stuck, boolean retry, boolean paused,
      Optional<String> runningSyncId) {}

  /**
   * Where a pass leaves the sync: its state and message, the Degraded reason of a FAILED state,
   * what degrades a sync that has not failed (a worker pod that cannot start or is never created,
   * a problem a worker reports), and when to look again (0: only on events).
   */
  private record Outcome(TaskState state, String message, String failedReason, Degradation degraded,
      long recheckMillis) {
    static Outcome of(TaskState state, String message) {
      return new Outcome(state, message, null, null, 0);
    }

    /** Workers stuck before they run degrade any state but FAILED and KILLED. */
    Outcome orStuck(Optional<Degradation> stuck) {
      if (degraded != null || stuck.isEmpty() || state == TaskState.FAILED || state == TaskState.KILLED) {
        return this;
      }
      return new Outcome(state, message, failedReason, stuck.get(), recheckMillis);
    }
  }

  /** Degraded reason of a worker's fatal exit; it stays FAILED (workers at zero) until a retry. */
  private static final String WORKER_FAILED = "WorkerFailed";
  /** Degraded reason (and Warning event) of a spec that cannot work; nothing is created for it. */
  private static final String INVALID_SPEC = LastValidSpec.REASON;

  @Override
  public UpdateControl<IncrementalSync> reconcile(IncrementalSync task, Context<IncrementalSync> context) {
    IncrementalSyncStatus status = task.getStatus() == null ? new IncrementalSyncStatus() : task.getStatus();
    task.setStatus(status);
    TaskState before = status.getState();
    // once started, what it runs on (source, destination, targets) must not change under it
    SpecCheck.Result spec = SpecCheck.incremental(task.getSpec(),
        status.getStartTime() == null ? null : LastValidSpec.of(status, IncrementalSyncSpec.class).orElse(null));
    if (spec.ok()) {
      LastValidSpec.record(status, task.getSpec());
    }
    // a spec made invalid while running: the workers go on as the last valid spec says
    Optional<IncrementalSync> lastValid = spec.ok() || status.getStartTime() == null ? Optional.empty() : lastValid(task);
    boolean announced = lastValid.isPresent() && LastValidSpec.marked(status.getConditions(), spec.error());
    IncrementalSync working = lastValid.orElse(task);
    Outcome outcome = validate(working, status).orElseGet(() -> {
      Observed observed = observe(working, status, context);
      return act(working, status, observed).orStuck(observed.stuck());
    });
    updateStatus(working, status, before, outcome);
    if (lastValid.isPresent()) {
      status.setMessage("spec invalid (" + spec.error() + "), running on with the last valid one; " + status.getMessage());
      LastValidSpec.markDegraded(status.getConditions(), spec.error(), task.getMetadata().getGeneration());
      if (!announced) {
        events.warning(task, INVALID_SPEC, spec.error() + "; the wal-sync workers keep their last valid spec until this is fixed");
      }
    }
    UpdateControl<IncrementalSync> control = StatusWriter.write(task, context);
    return outcome.recheckMillis() > 0 ? control.rescheduleAfter(outcome.recheckMillis()) : control;
  }

  /** The sync as its last valid spec describes it, with the current spec's pause and retry. */
  private static Optional<IncrementalSync> lastValid(IncrementalSync task) {
    return LastValidSpec.of(task.getStatus(), IncrementalSyncSpec.class).map(spec -> {
      spec.setPaused(task.getSpec().getPaused());
      spec.setRetryNonce(task.getSpec().getRetryNonce());
      IncrementalSync working = new IncrementalSync();
      working.setMetadata(task.getMetadata());
      working.setSpec(spec);
      working.setStatus(task.getStatus());
      return working;
    });
  }

  /**
   * The spec can work (targets distinct, no full-copy-only keys, one family list), on every pass;
   * before the first start, both clusters exist and answer (a missing one fails, an unprobed one waits).
   */
  private Optional<Outcome> validate(IncrementalSync task, IncrementalSyncStatus status) {
    SpecCheck.Result spec = SpecCheck.incremental(task.getSpec());
    if (!spec.ok()) {
      return Optional.of(new Outcome(TaskState.FAILED, spec.error(), INVALID_SPEC, null, 0));
    }
    if (status.getStartTime() != null) {
      return Optional.empty();
    }
    ClusterCheck.Result clusters = ClusterCheck.check(client, task.getMetadata().getNamespace(),
        task.getSpec().getSource(), task.getSpec().getDestination());
    if (clusters.ok()) {
      return Optional.empty();
    }
    return Optional.of(clusters.retryLater() ? new Outcome(TaskState.PENDING, clusters.message(), null, null, 5000)
        : Outcome.of(TaskState.FAILED, clusters.message()));
  }

  private static Observed observe(IncrementalSync task, IncrementalSyncStatus status, Context<IncrementalSync> context) {
    Map<String, Job> jobs = context.getSecondaryResources(Job.class).stream()
        .filter(j -> WorkerJobs.ownedBy(j, task))
        .collect(Collectors.toMap(j -> j.getMetadata().getName(), Function.identity(), (a, b) -> a));
    List<Pod> allPods = List.copyOf(context.getSecondaryResources(Pod.class));
    List<Pod> pods = allPods.stream().filter(p -> "wal-sync".equals(p.getMetadata().getLabels().get(Labels.SUBTASK))).toList();
    boolean retry = task.getSpec().getRetryNonce() != null && !task.getSpec().getRetryNonce().equals(status.getObservedRetryNonce());
    Optional<Degradation> stuck = StuckWorkers.find(jobs.values(), ownDeployments(task, context), allPods,
        context.getSecondaryResources(Event.class));
    return new Observed(jobs, pods, allPods, PodHealth.fatalExit(pods), PodHealth.notStarting(pods), stuck, retry,
        Boolean.TRUE.equals(task.getSpec().getPaused()), runningSyncId(task, context));
  }

  /**
   * The sync id this resource's Deployment already runs with: a sync keeps the id it started
   * with (its checkpoint row and WAL pin), also one started by an operator that named syncs
   * differently (before ids came from the uid, the bare name).
   */
  private static Optional<String> runningSyncId(IncrementalSync task, Context<IncrementalSync> context) {
    return ownDeployments(task, context).stream().map(RunIds::of).flatMap(Optional::stream).findFirst();
  }

  /** This very resource's Deployments (by uid), from the informer cache. */
  private static List<Deployment> ownDeployments(IncrementalSync task, Context<IncrementalSync> context) {
    return context.getSecondaryResources(Deployment.class).stream().filter(d -> WorkerJobs.ownedBy(d, task)).toList();
  }

  /** The arm and schema Jobs first; then the workers, at zero when paused or after a fatal exit. */
  private Outcome act(IncrementalSync task, IncrementalSyncStatus status, Observed observed) {
    if (status.getStartTime() == null) {
      status.setStartTime(Instant.now().toString());
    }
    String syncId = observed.runningSyncId().orElseGet(() -> syncId(task));
    status.setWalPinPeerId(TaskIdentity.walPinPeerId(syncId));
    SyncArm.Result arm = this.arm.drive(task, status, syncId, observed.jobs(), observed.allPods(), observed.paused(),
        observed.retry(), observed.runningSyncId().isPresent());
    boolean schemasDone = runSchemas(task, status, observed.jobs(), observed.retry());
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
    Deployment deployment = applyDeployment(task, syncId, replicas);
    if (workerFailure.isPresent()) {
      return new Outcome(TaskState.FAILED, workerFailure.get(), WORKER_FAILED, null, 0);
    }
    if (observed.paused()) {
      return Outcome.of(TaskState.KILLED, "paused (abort): workers scaled to zero, WAL pin kept; retry resumes");
    }
    Optional<SyncStatusSource.Problem> problem = readOffsets(status, observed.pods());
    Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
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
  private static String syncId(IncrementalSync task) {
    String armed = task.getSpec().getArmedSyncId();
    return armed != null && !armed.isEmpty() ? armed : TaskIdentity.runId(task);
  }

  /**
   * A follow-on sync (armed by its migration, created once every table is copied): the
   * destination keeps delete markers until the sync has applied everything written before the
   * sync was created, then gets the source's setting back. Stable, so the Deployment's hash is.
   */
  private static Long retainDeletesUntil(IncrementalSync task) {
    String armed = task.getSpec().getArmedSyncId();
    return armed == null || armed.isEmpty() ? null : createdMillis(task);
  }

  /** The resource's creationTimestamp in ms (the API server sets it; null before the first write). */
  private static Long createdMillis(IncrementalSync task) {
    String created = task.getMetadata().getCreationTimestamp();
    return created == null ? null : java.time.OffsetDateTime.parse(created).toInstant().toEpochMilli();
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

  /** Schema Jobs for tables not yet created; true when every table has its destination table. */
  private boolean runSchemas(IncrementalSync task, IncrementalSyncStatus status, Map<String, Job> jobs, boolean retry) {
    List<TableSyncStatus> tables = new ArrayList<>();
    boolean allDone = true;
    Map<String, String> targets = TargetTables.resolve(task.getSpec().getTables(), task.getSpec().getExtraAttrs());
    ExtraAttrs extra = task.getSpec().getExtraAttrs();
    for (TableSpec table : task.getSpec().getTables()) {
      String target = targets.get(table.getName());
      TableSyncStatus t = status.getTables().stream()
          .filter(s -> table.getName().equals(s.getTable()) && target.equals(s.getTargetTable()))
          .findFirst().orElseGet(TableSyncStatus::new);
      t.setTable(table.getName());
      t.setTargetTable(target);
      if (t.getSchemeTask() == null) {
        t.setSchemeTask(new SubTask(UUID.randomUUID().toString(), TaskState.PENDING));
      }
      tables.add(t);
      if (!Boolean.TRUE.equals(task.getSpec().getCreateTable())) {
        t.getSchemeTask().setState(TaskState.SKIPPED);
        continue;
      }
      String jobName = Names.child(task.getMetadata().getName(), "schema-" + TaskIdentity.tableKey(table.getName(), target));
      WorkerCommand command = WorkerCommand.schema().table(table.getName(), target)
          .families(SpecCheck.families(table, extra)).compression(extra == null ? null : extra.getCompression())
          .progressFile(WorkerPods.TERMINATION_LOG);
      int attempt = t.getSchemeTask().getAttempts() == null ? 1 : t.getSchemeTask().getAttempts();
      JobStep.Next next = jobStep.drive(new JobStep.Request(task, t.getSchemeTask(), jobName, Optional.ofNullable(jobs.get(jobName)),
          false, retry, () -> WorkerJobs.forTable(WorkerJobs.job(task, jobName, "schema", attempt, worker, task.getSpec().getSource(),
              task.getSpec().getDestination(), command, 1, true), table.getName(), target),
          table.getName() + " scheme task"));
      allDone &= next == JobStep.Next.CONTINUE;
    }
    status.setTables(tables);
    return allDone;
  }

  /** The wal-sync Deployment we want; created, or updated when its spec hash differs from the stored one. */
  private Deployment applyDeployment(IncrementalSync task, String syncId, int replicas) {
    Deployment desired = desiredDeployment(task, syncId, replicas);
    String name = desired.getMetadata().getName();
    Deployment existing = client.apps().deployments().inNamespace(task.getMetadata().getNamespace()).withName(name).get();
    if (existing == null) {
      events.normal(task, "WorkersCreated", "created Deployment " + name + " with " + replicas + " replica(s)");
      return client.resource(desired).create();
    }
    if (SpecHash.stored(desired).equals(SpecHash.stored(existing))) {
      // the server's copy carries its defaults; what we asked for is unchanged
      return existing;
    }
    existing.getSpec().setReplicas(replicas);
    existing.getSpec().setStrategy(desired.getSpec().getStrategy());
    existing.getSpec().setTemplate(desired.getSpec().getTemplate());
    existing.getMetadata().setAnnotations(merged(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations()));
    events.normal(task, "WorkersUpdated", "Deployment " + name + ": " + replicas + " replica(s), tables "
        + task.getSpec().getTables().stream().map(TableSpec::getName).toList());
    return client.resource(existing).update();
  }

  private Deployment desiredDeployment(IncrementalSync task, String syncId, int replicas) {
    String name = Names.child(task.getMetadata().getName(), "wal-sync");
    var extra = task.getSpec().getExtraAttrs();
    WorkerCommand command = WorkerCommand.walSync().syncId(syncId)
        .syncTables(TargetTables.resolve(task.getSpec().getTables(), extra))
        .families(SpecCheck.syncFamilies(task.getSpec().getTables(), extra))
        .workerId("$(POD_NAME)").statusPort(HttpSyncStatusSource.STATUS_PORT).statusFile("/tmp/wal-sync-status.json")
        .startTime(startTime(task))
        .retainDeletesUntil(retainDeletesUntil(task));
    Map<String, String> labels = Labels.of(task, "wal-sync");
    PodTemplateSpec template = WorkerPods.template(worker, labels, task.getSpec().getSource(), task.getSpec().getDestination(),
        command, List.of(new EnvVar("POD_NAME", null, new io.fabric8.kubernetes.api.model.EnvVarSourceBuilder()
            .withNewFieldRef().withFieldPath("metadata.name").endFieldRef().build())), "Always");
    template.getSpec().getContainers().get(0).setPorts(List.of(new ContainerPortBuilder().withName("status")
        .withContainerPort(HttpSyncStatusSource.STATUS_PORT).build()));
    Deployment desired = new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(task.getMetadata().getNamespace()).withLabels(labels)
        .withAnnotations(new java.util.HashMap<>(Map.of(RunIds.ANNOTATION, syncId)))
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(task.getApiVersion()).withKind(task.getKind())
            .withName(task.getMetadata().getName()).withUid(task.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
        // never two generations of workers on one WAL stream
        .withNewStrategy().withType("Recreate").endStrategy()
        .withTemplate(template).endSpec()
        .build();
    SpecHash.stamp(desired, desired.getSpec());
    return desired;
  }

  /**
   * Where capture starts: extraAttrs.startTime, else when the resource was created, so that writes
   * between the create and the first worker's start (image pull, scheduling, schema Jobs) are not
   * missed; the worker's own default (its start) would drop them. A sync armed by a migration has
   * its start time stored by the arm already (the worker would ignore another).
   */
  static Long startTime(IncrementalSync task) {
    var extra = task.getSpec().getExtraAttrs();
    if (extra != null && extra.getStartTime() != null) {
      return extra.getStartTime();
    }
    String armed = task.getSpec().getArmedSyncId();
    return armed != null && !armed.isEmpty() ? null : createdMillis(task);
  }

  private static Map<String, String> merged(Map<String, String> existing, Map<String, String> ours) {
    Map<String, String> all = existing == null ? new HashMap<>() : new HashMap<>(existing);
    all.putAll(ours);
    return all;
  }

  /** Offset, lag and rate from the workers' status; the problem a worker reports, if any. */
  private Optional<SyncStatusSource.Problem> readOffsets(IncrementalSyncStatus status, List<Pod> pods) {
    Optional<SyncStatusSource.SyncReport> read = syncStatus.read(pods);
    read.filter(report -> report.offset() != null).ifPresent(report -> {
      status.setOffset(report.offset());
      status.setSynctime(report.synctime());
      status.setSyncDate(SYNC_DATE.format(Instant.ofEpochMilli(report.synctime()).atZone(zone)));
      status.setLagMs(Math.max(0, System.currentTimeMillis() - report.offset()));
      status.setEntriesPerSecond(report.entriesPerSecond());
    });
    return read.map(SyncStatusSource.SyncReport::problem);
  }

  /**
   * State, message, conditions and Events from the pass's outcome: {@code failedReason} is the
   * Degraded reason of a FAILED state (default the state's name); {@code degraded} degrades a
   * sync that has not failed, and it is not Ready meanwhile (one Warning per distinct problem).
   */
  private void updateStatus(IncrementalSync task, IncrementalSyncStatus status, TaskState before, Outcome outcome) {
    TaskState state = outcome.state();
    String message = outcome.message();
    String failedReason = outcome.failedReason();
    Degradation degraded = outcome.degraded();
    status.setState(state);
    status.setMessage(message);
    Long generation = task.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    Conditions.set(status.getConditions(), Conditions.READY, state == TaskState.RUNNING && degraded == null,
        degraded == null ? state.name() : degraded.reason(), message, generation);
    Conditions.set(status.getConditions(), Conditions.PROGRESSING, state == TaskState.PENDING, state.name(), message, generation);
    if (state == TaskState.FAILED) {
      Conditions.set(status.getConditions(), Conditions.DEGRADED, true, failedReason != null ? failedReason : state.name(),
          message, generation);
    } else if (degraded != null) {
      if (degraded.mark(status.getConditions(), generation)) {
        events.warning(task, degraded.reason(), degraded.message());
      }
    } else {
      Conditions.set(status.getConditions(), Conditions.DEGRADED, false, state.name(), "", generation);
    }
    Conditions.set(status.getConditions(), Conditions.PAUSED, state == TaskState.KILLED, state == TaskState.KILLED ? "Aborted" : "NotPaused",
        "", generation);
    if (state != before) {
      if (state == TaskState.FAILED) {
        events.warning(task, INVALID_SPEC.equals(failedReason) ? INVALID_SPEC : "Failed", message);
      } else {
        events.normal(task, EventReasons.of(state), message);
      }
    }
  }


  /**
   * Delete: remove the workers (Deployment, Jobs, and their pods: an arm or wal-sync pod could add a
   * pin after a release), then the operator removes every WAL pin this sync may have on the source
   * itself (SourceCleanup), and only then lets the resource go. A release-pin Job, where Jobs can
   * still be created, deletes the sync's checkpoint row on the destination.
   */
  @Override
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
            task.getSpec().getDestination(), WorkerCommand.releasePin().syncId(syncId(task)), 1, false);
        release.getMetadata().getLabels().put(Labels.KIND, "Cleanup");
        client.resource(release).create();
      }
    } catch (KubernetesClientException e) {
      // a namespace being deleted refuses new objects: the pin is gone already, the checkpoint row stays
      events.warning(task, "CleanupJobRefused", "cannot create " + name + " (" + e.getMessage() + "); the WAL pin is removed,"
          + " the checkpoint row of sync " + syncId(task) + " stays on the destination");
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
    pins.add(TaskIdentity.walPinPeerId(syncId(task)));
    if (task.getStatus() != null && task.getStatus().getWalPinPeerId() != null) {
      pins.add(task.getStatus().getWalPinPeerId());
    }
    runningSyncId(task, context).map(TaskIdentity::walPinPeerId).ifPresent(pins::add);
    String armed = task.getSpec().getArmedSyncId();
    if (armed == null || armed.isEmpty()) {
      pins.add(TaskIdentity.walPinPeerId(task.getMetadata().getName()));
    }
    return pins;
  }

  private static int parallelism(IncrementalSync task) {
    var extra = task.getSpec().getExtraAttrs();
    return extra == null || extra.getParallelism() == null ? 1 : extra.getParallelism();
  }

}
