package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hbasetunnel.contract.naming.SourceNames;
import io.hbasetunnel.contract.naming.StagingPaths;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FollowOnStatus;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.VerifySpec;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
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
import io.hbasetunnel.operator.common.StatusWriter;
import io.hbasetunnel.operator.common.StuckWorkers;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerEvents;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.common.WorkerStatusReader;
import io.hbasetunnel.operator.common.SourceCleanup;
import io.hbasetunnel.operator.cluster.SourceRelease;
import io.hbasetunnel.operator.common.VerifyResults;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Set;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * FullDataMigration -> [arm Job, with a follow-on sync] -> per table: schema Job, copy (Indexed)
 * Job, bulkload Job, verify Job, one after the other -> [the follow-on IncrementalSync]. One
 * pass: validate -> plan (stable sub-task names, resolved targets) -> act on each table's next
 * step -> status (aggregate state, progress, conditions). The operator never writes spec.
 */
@ControllerConfiguration(name = "fulldatamigration")
public class FullDataMigrationReconciler implements Reconciler<FullDataMigration>, Cleaner<FullDataMigration> {
  private final KubernetesClient client;
  private final WorkerSettings worker;
  private final EventRecorder events;
  /** Copies report progress on GET /status while they run; nothing announces it, so look again. */
  private static final long PROGRESS_POLL_MILLIS = 5_000;
  /** Degraded reason when a table's verification found differences. */
  static final String TABLES_DIFFER = "TablesDiffer";

  private final JobStep jobStep;
  private final FollowOn followOn;
  private final SourceCleanup sourceCleanup;

  public FullDataMigrationReconciler(KubernetesClient client, WorkerSettings worker, SourceRelease release) {
    this.client = client;
    this.worker = worker;
    this.events = new EventRecorder(client);
    this.jobStep = new JobStep(client, events, new WorkerStatusReader(worker.statusPort(), java.time.Duration.ofSeconds(2)));
    this.sourceCleanup = new SourceCleanup(client, release, events);
    this.followOn = new FollowOn(client, worker, jobStep, events);
  }

  @Override
  public List<EventSource<?, FullDataMigration>> prepareEventSources(EventSourceContext<FullDataMigration> context) {
    // Job changes (the job controller's status) are the events that move a migration on
    var jobs = InformerEventSourceConfiguration.from(Job.class, FullDataMigration.class)
        .withLabelSelector(Labels.KIND + "=FullDataMigration")
        .withSecondaryToPrimaryMapper(Labels::owningTask)
        .build();
    // the kubelet's word on the Jobs' pods (image pulls, scheduling): a pod that cannot start
    // never fails its Job, so it is reported as Degraded
    var pods = InformerEventSourceConfiguration.from(Pod.class, FullDataMigration.class)
        .withLabelSelector(Labels.KIND + "=FullDataMigration")
        .withSecondaryToPrimaryMapper(Labels::owningTask)
        .build();
    // the follow-on sync's state is the migration's once the tables are copied
    var syncs = InformerEventSourceConfiguration.from(IncrementalSync.class, FullDataMigration.class)
        .withLabelSelector(FollowOn.FOLLOWS)
        .withSecondaryToPrimaryMapper(s -> Set.of(new ResourceID(s.getMetadata().getLabels().get(FollowOn.FOLLOWS),
            s.getMetadata().getNamespace())))
        .build();
    var jobSource = new InformerEventSource<>(jobs, context);
    var podSource = new InformerEventSource<>(pods, context);
    // pods never created (admission, quota) or never started (volumes) show only in Events
    return List.of(jobSource, podSource, new InformerEventSource<>(syncs, context),
        WorkerEvents.source(FullDataMigration.class, context, jobSource, podSource));
  }

  @Override
  public UpdateControl<FullDataMigration> reconcile(FullDataMigration task, Context<FullDataMigration> context) {
    FullDataMigrationStatus status = task.getStatus() == null ? new FullDataMigrationStatus() : task.getStatus();
    task.setStatus(status);
    TaskState before = status.getState();
    // validate: no Jobs before both clusters are known to answer
    ClusterCheck.Result clusters = validate(task);
    if (!clusters.ok() && !startedBefore(status)) {
      return clusters.retryLater() ? waitFor(task, context, before, clusters.message()) : fail(task, context, before, clusters.message());
    }
    // once started, what it runs on (source, destination, targets) must not change under it
    SpecCheck.Result spec = SpecCheck.fullData(task.getSpec(),
        startedBefore(status) ? LastValidSpec.of(status, FullDataMigrationSpec.class).orElse(null) : null);
    String invalid = spec.ok() ? null : spec.error();
    Optional<FullDataMigration> lastValid = spec.ok() || !startedBefore(status) ? Optional.empty() : lastValid(task);
    if (invalid != null && lastValid.isEmpty()) {
      return fail(task, context, before, invalid);
    }
    if (spec.ok()) {
      LastValidSpec.record(status, task.getSpec());
    }
    // a spec made invalid while running: what runs goes on as the last valid spec says
    boolean announced = invalid != null && LastValidSpec.marked(status.getConditions(), invalid);
    FullDataMigration working = lastValid.orElse(task);
    spec = SpecCheck.fullData(working.getSpec());
    Map<String, Job> jobs = observeJobs(working, context);
    plan(working, status, spec.targets(), jobs.values());
    act(working, status, jobs, spec.targets());
    List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
    Optional<Degradation> degraded = PodHealth.notStarting(pods).map(PodHealth::degradation)
        .or(() -> StuckWorkers.find(jobs.values(), List.of(), pods, context.getSecondaryResources(Event.class)))
        .or(() -> FollowOn.degradation(working, context.getSecondaryResources(IncrementalSync.class)));
    summarize(working, status, before, degraded);
    if (invalid != null) {
      status.setMessage("spec invalid (" + invalid + "), running on with the last valid one; " + status.getMessage());
      LastValidSpec.markDegraded(status.getConditions(), invalid, task.getMetadata().getGeneration());
      if (!announced) {
        events.warning(task, LastValidSpec.REASON, invalid + "; running Jobs are kept and the task goes on with its last valid"
            + " spec until this is fixed");
      }
    }
    UpdateControl<FullDataMigration> control = StatusWriter.write(task, context);
    return copying(status) ? control.rescheduleAfter(PROGRESS_POLL_MILLIS) : control;
  }

  /** The task as its last valid spec describes it, with the current spec's pause and retry. */
  private static Optional<FullDataMigration> lastValid(FullDataMigration task) {
    return LastValidSpec.of(task.getStatus(), FullDataMigrationSpec.class).map(spec -> {
      spec.setPaused(task.getSpec().getPaused());
      spec.setRetryNonce(task.getSpec().getRetryNonce());
      FullDataMigration working = new FullDataMigration();
      working.setMetadata(task.getMetadata());
      working.setSpec(spec);
      working.setStatus(task.getStatus());
      return working;
    });
  }

  private static boolean copying(FullDataMigrationStatus status) {
    return status.getTables().stream().anyMatch(t -> t.getFullTask().getState() == TaskState.RUNNING
        || (t.getBulkloadTask() != null && t.getBulkloadTask().getState() == TaskState.RUNNING));
  }

  private ClusterCheck.Result validate(FullDataMigration task) {
    return ClusterCheck.check(client, task.getMetadata().getNamespace(), task.getSpec().getSource(), task.getSpec().getDestination());
  }

  /** This task's Jobs by name; a Job left by a deleted predecessor of the same name is not ours. */
  private static Map<String, Job> observeJobs(FullDataMigration task, Context<FullDataMigration> context) {
    return context.getSecondaryResources(Job.class).stream()
        .filter(j -> WorkerJobs.ownedBy(j, task))
        .collect(Collectors.toMap(j -> j.getMetadata().getName(), Function.identity(), (a, b) -> a));
  }

  /**
   * The arm Job first (with a follow-on sync: no snapshot before the WALs are pinned), then each
   * table's next step in spec order, then the follow-on sync once every table is done; a retry
   * nonce not yet seen restarts FAILED/KILLED sub-tasks.
   */
  private void act(FullDataMigration task, FullDataMigrationStatus status, Map<String, Job> jobs, Map<String, String> targets) {
    boolean retry = task.getSpec().getRetryNonce() != null
        && !task.getSpec().getRetryNonce().equals(status.getObservedRetryNonce());
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    boolean armed = status.getFollowOn() == null || followOn.arm(task, targets, jobs, paused, retry);
    if (armed) {
      for (TableMigrationStatus table : status.getTables()) {
        runTable(task, table, jobs, retry, status.getTables().indexOf(table));
      }
    }
    if (status.getFollowOn() != null && armed && tableSubTasks(status).stream().allMatch(s -> s.getState().isDone())) {
      followOn.sync(task, targets);
      deleteSnapshots(task, status.getFollowOn());
    }
    status.setObservedRetryNonce(task.getSpec().getRetryNonce());
  }

  /**
   * Copied and verified, the migration lives on with its follow-on sync: its snapshots are no
   * longer read (a retry never redoes a SUCCEEDED step), and each would keep every HFile the
   * source compacts away in its archive. Deleted once; tried again on later passes until done.
   */
  private void deleteSnapshots(FullDataMigration task, FollowOnStatus followOn) {
    if (!Boolean.TRUE.equals(followOn.getSnapshotsDeleted())
        && sourceCleanup.releaseNow(task, task.getSpec().getSource(), Set.of(), ownSnapshots(task))) {
      followOn.setSnapshotsDeleted(true);
    }
  }

  /**
   * Sub-task names are made once and kept: LTS clients poll them by name. A table's status is
   * found by its identity (source and target names), never by its place in the list.
   */
  private static void plan(FullDataMigration task, FullDataMigrationStatus status, Map<String, String> targets,
      java.util.Collection<Job> jobs) {
    if (status.getStartTime() == null) {
      status.setStartTime(Instant.now().toString());
    }
    if (status.getRunId() == null) {
      // a migration started by an operator that did not record it: the id its Jobs run with
      status.setRunId(StepJobs.runIdOf(jobs).orElseGet(() -> TaskIdentity.runId(task)));
    }
    if (SpecCheck.followOn(task.getSpec())) {
      FollowOn.plan(task);
    }
    boolean verify = verifySpec(task).getMode() != VerifySpec.VerifyMode.NONE;
    List<TableMigrationStatus> tables = new ArrayList<>();
    for (TableSpec table : task.getSpec().getTables()) {
      String target = targets.get(table.getName());
      TableMigrationStatus existing = status.getTables().stream()
          .filter(t -> table.getName().equals(t.getTable()) && target.equals(t.getTargetTable()))
          .findFirst().orElse(null);
      TableMigrationStatus planned = existing != null ? existing : new TableMigrationStatus();
      planned.setTable(table.getName());
      planned.setTargetTable(target);
      if (planned.getSchemeTask() == null) {
        planned.setSchemeTask(new SubTask(UUID.randomUUID().toString(), TaskState.PENDING));
      }
      if (planned.getFullTask() == null) {
        planned.setFullTask(new SubTask("fulldata-" + hex(), TaskState.PENDING));
      }
      if (Boolean.TRUE.equals(task.getSpec().getBulkload()) && planned.getBulkloadTask() == null) {
        planned.setBulkloadTask(new SubTask("bulkload-" + hex(), TaskState.PENDING));
      }
      if (verify && planned.getVerifyTask() == null) {
        planned.setVerifyTask(new SubTask("verify-" + hex(), TaskState.PENDING));
      } else if (!verify && planned.getVerifyTask() != null && planned.getVerifyTask().getState() == TaskState.PENDING) {
        planned.setVerifyTask(null);
      }
      tables.add(planned);
    }
    status.setTables(tables);
  }

  private void runTable(FullDataMigration task, TableMigrationStatus table, Map<String, Job> jobs, boolean retry, int index) {
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    SubTask scheme = table.getSchemeTask();
    if (!Boolean.TRUE.equals(task.getSpec().getCreateTable()) && !scheme.getState().isDone()) {
      scheme.setState(TaskState.SKIPPED);
      scheme.setMessage("createTable=false");
    }
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(scheme, "schema", "scheme task", commandFor(WorkerCommand.schema(), task, table), 1));
    steps.add(new Step(table.getFullTask(), "copy", "full copy", commandFor(WorkerCommand.copy(), task, table), shards(task)));
    if (table.getBulkloadTask() != null) {
      steps.add(new Step(table.getBulkloadTask(), "bulkload", "bulkload", commandFor(WorkerCommand.bulkload(), task, table), 1));
    }
    if (table.getVerifyTask() != null) {
      steps.add(new Step(table.getVerifyTask(), "verify", "verify", commandFor(WorkerCommand.verify(), task, table), 1));
    }
    String tableKey = TaskIdentity.tableKey(table.getTable(), table.getTargetTable());
    for (Step step : steps) {
      String jobName = jobName(task, tableKey, step.kind());
      // a Job made under another operator version's name is this step's all the same
      Optional<Job> existing = StepJobs.find(jobs, jobName, step.kind(), table.getTable(), table.getTargetTable(),
          Names.child(task.getMetadata().getName(), "t" + index + "-" + step.kind()));
      JobStep.Next next = jobStep.drive(new JobStep.Request(task, step.subTask(), jobName, existing, paused, retry,
          () -> withStatusPort(WorkerJobs.forTable(WorkerJobs.job(task, jobName, step.kind(), attempts(step.subTask()), worker,
              task.getSpec().getSource(), task.getSpec().getDestination(), step.command(), step.shards(), true),
              table.getTable(), table.getTargetTable()), step.command()),
          table.getTable() + " " + step.label()));
      if (step.subTask() == table.getVerifyTask()) {
        recordVerification(table, existing.orElse(null));
      }
      if (next == JobStep.Next.WAIT) {
        return;
      }
    }
  }

  /** Copy and bulkload workers serve their progress on GET /status while they run. */
  private Job withStatusPort(Job job, WorkerCommand command) {
    return command.args().contains("--status-port") ? WorkerJobs.withStatusPort(job, worker.statusPort()) : job;
  }

  /** The verify Job's report (counts, first differences) in the table's status once it ended. */
  private void recordVerification(TableMigrationStatus table, Job job) {
    TaskState state = table.getVerifyTask().getState();
    if (state != TaskState.SUCCEEDED && state != TaskState.FAILED) {
      table.setVerify(null);
    } else if (table.getVerify() == null && job != null) {
      VerifyResults.of(jobStep.pods(job)).ifPresent(table::setVerify);
    }
  }

  /** {@code <task>-<table key>-<step>}: the table's identity, not its position in the list. */
  public static String jobName(FullDataMigration task, String tableKey, String step) {
    return Names.child(task.getMetadata().getName(), tableKey + "-" + step);
  }

  private record Step(SubTask subTask, String kind, String label, WorkerCommand command, int shards) {}

  /** The worker command of a step (docs/worker-contract.md). */
  private WorkerCommand commandFor(WorkerCommand command, FullDataMigration task, TableMigrationStatus table) {
    var extra = task.getSpec().getExtraAttrs() == null ? new io.hbasetunnel.api.v1alpha1.ExtraAttrs() : task.getSpec().getExtraAttrs();
    boolean bulkload = Boolean.TRUE.equals(task.getSpec().getBulkload());
    command.table(table.getTable(), table.getTargetTable()).families(SpecCheck.families(tableSpec(task, table), extra));
    switch (command.command()) {
      // with a follow-on sync the destination keeps delete markers until the sync has caught up
      case "schema" -> command.compression(extra.getCompression()).progressFile(WorkerPods.TERMINATION_LOG)
          .retainDeletes(SpecCheck.followOn(task.getSpec())).deferCompactions(bulkload);
      case "copy" -> command.taskId(runId(task)).stagingDir(worker.stagingDir())
          .retainDeletes(SpecCheck.followOn(task.getSpec()))
          .followOnSyncId(SpecCheck.followOn(task.getSpec()) ? TaskIdentity.runId(task) : null)
          .progressFile(WorkerPods.TERMINATION_LOG).mode(bulkload).loadAsStaged(bulkload)
          .snapshot(extra.getSnapshotName()).startTime(extra.getStartTime()).endTime(extra.getEndTime())
          .startRow(extra.getStartRow()).stopRow(extra.getStopRow()).maxVersions(extra.getMaxVersions())
          .rateLimitMbps(extra.getRateLimitMBps()).compression(bulkload ? extra.getCompression() : null)
          .statusPort(worker.statusPort());
      case "bulkload" -> command.taskId(runId(task)).stagingDir(worker.stagingDir())
          .progressFile(WorkerPods.TERMINATION_LOG).snapshot(extra.getSnapshotName()).statusPort(worker.statusPort());
      // compares the destination with the snapshot the copy read, so later source writes do not count
      case "verify" -> command.snapshot(snapshotOf(task, table)).sampleRegions(verifySpec(task).getSampleRegions())
          .jsonReport(WorkerPods.TERMINATION_LOG);
      default -> throw new IllegalArgumentException(command.command());
    }
    return command;
  }

  /** This run's --task-id as recorded in status (TaskIdentity.runId before the first pass). */
  static String runId(FullDataMigration task) {
    return task.getStatus() != null && task.getStatus().getRunId() != null ? task.getStatus().getRunId()
        : TaskIdentity.runId(task);
  }

  /** The snapshot the copy used: the user's, else the one the worker takes (api SourceNames). */
  static String snapshotOf(FullDataMigration task, TableMigrationStatus table) {
    var extra = task.getSpec().getExtraAttrs();
    if (extra != null && extra.getSnapshotName() != null) {
      return extra.getSnapshotName();
    }
    return SourceNames.snapshotName(runId(task), table.getTable());
  }

  /** Verification as asked; a filtered copy (time or row range, version limit) is not verified unless asked. */
  private static VerifySpec verifySpec(FullDataMigration task) {
    var extra = task.getSpec().getExtraAttrs();
    boolean asked = task.getSpec().getVerify() != null || (extra != null && extra.getVerify() != null);
    if (!asked && SpecCheck.copyFilter(extra) != null) {
      return new VerifySpec(VerifySpec.VerifyMode.NONE, null);
    }
    return VerifySpec.effective(task.getSpec().getVerify(), extra);
  }

  private static TableSpec tableSpec(FullDataMigration task, TableMigrationStatus table) {
    return task.getSpec().getTables().stream().filter(t -> t.getName().equals(table.getTable())).findFirst()
        .orElse(new TableSpec(table.getTable()));
  }

  /** Every sub-task of every table, in order. */
  private static List<SubTask> tableSubTasks(FullDataMigrationStatus status) {
    List<SubTask> subs = new ArrayList<>();
    for (TableMigrationStatus table : status.getTables()) {
      subs.add(table.getSchemeTask());
      subs.add(table.getFullTask());
      if (table.getBulkloadTask() != null) {
        subs.add(table.getBulkloadTask());
      }
      if (table.getVerifyTask() != null) {
        subs.add(table.getVerifyTask());
      }
    }
    return subs;
  }

  private static int shards(FullDataMigration task) {
    var extra = task.getSpec().getExtraAttrs();
    return extra == null || extra.getParallelism() == null ? 1 : extra.getParallelism();
  }

  private static int attempts(SubTask sub) {
    return sub.getAttempts() == null ? 1 : sub.getAttempts();
  }

  /** Where the task stands: its state, message and the Degraded reason of a failure. */
  private record Standing(TaskState state, String message, String failedReason, boolean ready) {}

  /**
   * The state from the sub-tasks and, once every table is done, the follow-on sync: RUNNING
   * while it runs (Ready: copied and in sync), FAILED when it fails, KILLED when paused (the
   * migration, or the sync on its own) or deleted.
   */
  private static Standing standing(FullDataMigration task, FullDataMigrationStatus status) {
    List<SubTask> subs = new ArrayList<>();
    FollowOnStatus follow = status.getFollowOn();
    if (follow != null) {
      subs.add(follow.getArmTask());
    }
    subs.addAll(tableSubTasks(status));
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    Optional<SubTask> failed = subs.stream().filter(s -> s.getState() == TaskState.FAILED).findFirst();
    if (failed.isPresent()) {
      boolean differ = status.getTables().stream().anyMatch(t -> t.getVerifyTask() == failed.get() && t.getVerify() != null
          && t.getVerify().getDifferences() != null && t.getVerify().getDifferences() > 0);
      String what = differ ? "verification " + failed.get().getName() + " found differences: " : failed.get().getName() + " failed: ";
      return new Standing(TaskState.FAILED, what + failed.get().getMessage() + "; fix the cause, then retry",
          differ ? TABLES_DIFFER : null, false);
    }
    boolean copied = subs.stream().allMatch(s -> s.getState().isDone());
    if (copied && follow == null) {
      return new Standing(TaskState.SUCCEEDED, "all " + status.getTables().size() + " tables copied", null, false);
    }
    if (paused) {
      return new Standing(TaskState.KILLED, copied ? "paused (abort): follow-on sync " + follow.getSyncName() + " paused too"
          : "paused (abort); retry resumes from the checkpoints", null, false);
    }
    if (copied) {
      String sync = "follow-on sync " + follow.getSyncName();
      String detail = follow.getMessage() == null ? "" : ": " + follow.getMessage();
      return switch (follow.getState() == null ? TaskState.PENDING : follow.getState()) {
        case FAILED -> new Standing(TaskState.FAILED, sync + " failed" + detail + "; fix the cause, then retry", null, false);
        case RUNNING -> new Standing(TaskState.RUNNING, "copied and in sync: " + sync + detail, null, true);
        // aborted (or deleted) on the sync itself: the migration stands still with it
        case KILLED -> new Standing(TaskState.KILLED, sync + " stopped" + detail, null, false);
        default -> new Standing(TaskState.RUNNING, "copied and verified; " + sync + " starting" + detail, null, false);
      };
    }
    if (subs.stream().anyMatch(s -> s.getState() == TaskState.RUNNING)) {
      return new Standing(TaskState.RUNNING, follow != null && !Boolean.TRUE.equals(follow.getArmed())
          ? "arming the follow-on sync (pinning WALs)" : "copying", null, false);
    }
    return new Standing(TaskState.PENDING, status.getMessage(), null, false);
  }

  /** State, progress, conditions and an Event when the task's state changes. */
  private void summarize(FullDataMigration task, FullDataMigrationStatus status, TaskState before,
      Optional<Degradation> degraded) {
    int done = 0;
    int total = 0;
    for (TableMigrationStatus table : status.getTables()) {
      var progress = table.getFullTask().getProgress();
      if (progress != null) {
        done += Objects.requireNonNullElse(progress.getUnitsDone(), 0);
        total += Objects.requireNonNullElse(progress.getUnitsTotal(), 0);
      }
    }
    Standing standing = standing(task, status);
    TaskState state = standing.state();
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    status.setMessage(standing.message());
    status.setState(state);
    status.setProgress(total == 0 ? null : done + "/" + total);
    if (state.isTerminal() && status.getEndTime() == null) {
      status.setEndTime(Instant.now().toString());
    } else if (!state.isTerminal()) {
      status.setEndTime(null);
    }
    status.setObservedGeneration(task.getMetadata().getGeneration());
    Long generation = task.getMetadata().getGeneration();
    boolean ready = state == TaskState.SUCCEEDED || (standing.ready() && degraded.isEmpty());
    Conditions.set(status.getConditions(), Conditions.READY, ready, ready && state == TaskState.RUNNING ? "InSync" : state.name(),
        status.getMessage(), generation);
    Conditions.set(status.getConditions(), Conditions.PROGRESSING, (state == TaskState.RUNNING && !ready) || state == TaskState.PENDING,
        state.name(), status.getMessage(), generation);
    if (state != TaskState.FAILED && state != TaskState.KILLED && degraded.isPresent()) {
      if (degraded.get().mark(status.getConditions(), generation)) {
        events.warning(task, degraded.get().reason(), degraded.get().message());
      }
    } else {
      Conditions.set(status.getConditions(), Conditions.DEGRADED, state == TaskState.FAILED,
          standing.failedReason() != null ? standing.failedReason() : state.name(), status.getMessage(), generation);
    }
    Conditions.set(status.getConditions(), Conditions.PAUSED, paused, paused ? "Aborted" : "NotPaused", "", generation);
    if (state != before) {
      if (state == TaskState.FAILED) {
        events.warning(task, standing.failedReason() != null ? standing.failedReason() : "Failed", status.getMessage());
      } else {
        events.normal(task, EventReasons.of(state), status.getMessage() == null ? state.name() : status.getMessage());
      }
    }
  }

  private UpdateControl<FullDataMigration> fail(FullDataMigration task, Context<FullDataMigration> context, TaskState before, String message) {
    FullDataMigrationStatus status = task.getStatus();
    status.setState(TaskState.FAILED);
    status.setMessage(message);
    status.setObservedGeneration(task.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), Conditions.DEGRADED, true, "InvalidSpec", message, task.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), Conditions.READY, false, "InvalidSpec", message, task.getMetadata().getGeneration());
    if (before != TaskState.FAILED) {
      events.warning(task, "InvalidSpec", message);
    }
    return StatusWriter.write(task, context);
  }

  private UpdateControl<FullDataMigration> waitFor(FullDataMigration task, Context<FullDataMigration> context,
      TaskState before, String message) {
    FullDataMigrationStatus status = task.getStatus();
    status.setState(TaskState.PENDING);
    status.setMessage(message);
    status.setObservedGeneration(task.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), Conditions.PROGRESSING, true, "WaitingForClusters", message,
        task.getMetadata().getGeneration());
    if (before != TaskState.PENDING) {
      events.normal(task, "WaitingForClusters", message);
    }
    // nothing else fires when a cluster becomes reachable: look again shortly
    return StatusWriter.write(task, context).rescheduleAfter(5000);
  }

  private static boolean startedBefore(FullDataMigrationStatus status) {
    return status.getTables() != null && !status.getTables().isEmpty();
  }

  /**
   * Delete: stop and remove the task's Jobs and their pods; then the operator removes the run's
   * snapshots and its follow-on's WAL pin from the source itself (SourceCleanup: no new pod, no
   * ConfigMap needed), and only then lets the resource go. An unowned cleanup Job removes the
   * staging files and gives deferred compactions back where Jobs can still be created (not in a
   * namespace being deleted). Destination tables and data are never touched.
   */
  @Override
  public DeleteControl cleanup(FullDataMigration deleted, Context<FullDataMigration> context) {
    // what the workers worked on, also when the spec was made invalid since
    FullDataMigration task = deleted.getStatus() == null || SpecCheck.fullData(deleted.getSpec()).ok() ? deleted
        : lastValid(deleted).orElse(deleted);
    client.batch().v1().jobs().inNamespace(task.getMetadata().getNamespace())
        .withLabel(Labels.TASK, task.getMetadata().getName()).withLabel(Labels.KIND, "FullDataMigration")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
    Optional<DeleteControl> waiting = sourceCleanup.stopWorkers(task).or(() -> sourceCleanup.release(task,
        task.getSpec().getSource(), walPins(task), ownSnapshots(task), startedBefore(task.getStatus())));
    if (waiting.isPresent()) {
      return waiting.get();
    }
    // one cleanup per run: a task recreated under the same name and deleted again gets its own
    String name = Names.child(task.getMetadata().getName(), "cleanup-" + Names.hash(task.getMetadata().getUid(), 8));
    try {
      if (client.batch().v1().jobs().inNamespace(task.getMetadata().getNamespace()).withName(name).get() == null) {
        // with their targets: a table created with compactions deferred gets them back
        WorkerCommand command = WorkerCommand.cleanup().taskId(runId(task)).stagingDir(worker.stagingDir())
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
          + " and WAL pin are removed, staging files under " + StagingPaths.taskDir(worker.stagingDir(), runId(task)) + " stay");
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
  private static java.util.Set<String> ownSnapshots(FullDataMigration task) {
    if (task.getStatus() == null) {
      return java.util.Set.of();
    }
    return task.getStatus().getTables().stream().map(t -> SourceNames.snapshotName(runId(task), t.getTable()))
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

  private static String hex() {
    return UUID.randomUUID().toString().replace("-", "");
  }

}
