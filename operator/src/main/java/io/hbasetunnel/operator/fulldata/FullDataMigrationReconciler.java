package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.ClusterCheck;
import io.hbasetunnel.operator.common.Conditions;
import io.hbasetunnel.operator.common.EventReasons;
import io.hbasetunnel.operator.common.EventRecorder;
import io.hbasetunnel.operator.common.JobStep;
import io.hbasetunnel.operator.common.Labels;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.PodHealth;
import io.hbasetunnel.operator.common.StatusWriter;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerCommand;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * FullDataMigration -> per table: schema Job, copy (Indexed) Job, bulkload Job, one after the
 * other. One pass: validate -> plan (stable sub-task names) -> act on each table's next step ->
 * status (aggregate state, progress, conditions). The operator never writes spec.
 */
@ControllerConfiguration(name = "fulldatamigration")
public class FullDataMigrationReconciler implements Reconciler<FullDataMigration>, Cleaner<FullDataMigration> {
  private final KubernetesClient client;
  private final WorkerSettings worker;
  private final EventRecorder events;
  private final JobStep jobStep;

  public FullDataMigrationReconciler(KubernetesClient client, WorkerSettings worker) {
    this.client = client;
    this.worker = worker;
    this.events = new EventRecorder(client);
    this.jobStep = new JobStep(client, events);
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
    return List.of(new InformerEventSource<>(jobs, context), new InformerEventSource<>(pods, context));
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
    plan(task, status);
    Map<String, Job> jobs = observeJobs(task, context);
    act(task, status, jobs);
    Optional<PodHealth.NotStarting> notStarting = PodHealth.notStarting(List.copyOf(context.getSecondaryResources(Pod.class)));
    summarize(task, status, before, notStarting);
    return StatusWriter.write(task, context);
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

  /** Each table's next step, in spec order; a retry nonce not yet seen restarts FAILED/KILLED sub-tasks. */
  private void act(FullDataMigration task, FullDataMigrationStatus status, Map<String, Job> jobs) {
    boolean retry = task.getSpec().getRetryNonce() != null
        && !task.getSpec().getRetryNonce().equals(status.getObservedRetryNonce());
    for (TableMigrationStatus table : status.getTables()) {
      runTable(task, table, jobs, retry);
    }
    status.setObservedRetryNonce(task.getSpec().getRetryNonce());
  }

  /**
   * Sub-task names are made once and kept: LTS clients poll them by name. A table's status is
   * found by its identity (source and target names), never by its place in the list.
   */
  private static void plan(FullDataMigration task, FullDataMigrationStatus status) {
    if (status.getStartTime() == null) {
      status.setStartTime(Instant.now().toString());
    }
    List<TableMigrationStatus> tables = new ArrayList<>();
    for (TableSpec table : task.getSpec().getTables()) {
      TableMigrationStatus existing = status.getTables().stream()
          .filter(t -> table.getName().equals(t.getTable()) && table.effectiveTargetName().equals(t.getTargetTable()))
          .findFirst().orElse(null);
      TableMigrationStatus planned = existing != null ? existing : new TableMigrationStatus();
      planned.setTable(table.getName());
      planned.setTargetTable(table.effectiveTargetName());
      if (planned.getSchemeTask() == null) {
        planned.setSchemeTask(new SubTask(UUID.randomUUID().toString(), TaskState.PENDING));
      }
      if (planned.getFullTask() == null) {
        planned.setFullTask(new SubTask("fulldata-" + hex(), TaskState.PENDING));
      }
      if (Boolean.TRUE.equals(task.getSpec().getBulkload()) && planned.getBulkloadTask() == null) {
        planned.setBulkloadTask(new SubTask("bulkload-" + hex(), TaskState.PENDING));
      }
      tables.add(planned);
    }
    status.setTables(tables);
  }

  private void runTable(FullDataMigration task, TableMigrationStatus table, Map<String, Job> jobs, boolean retry) {
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
    String tableKey = TaskIdentity.tableKey(table.getTable(), table.getTargetTable());
    for (Step step : steps) {
      String jobName = jobName(task, tableKey, step.kind());
      JobStep.Next next = jobStep.drive(new JobStep.Request(task, step.subTask(), jobName,
          Optional.ofNullable(jobs.get(jobName)), paused, retry,
          () -> WorkerJobs.forTable(WorkerJobs.job(task, jobName, step.kind(), attempts(step.subTask()), worker,
              task.getSpec().getSource(), task.getSpec().getDestination(), step.command(), step.shards(), true),
              table.getTable(), table.getTargetTable()),
          table.getTable() + " " + step.label()));
      if (next == JobStep.Next.WAIT) {
        return;
      }
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
    command.table(table.getTable(), table.getTargetTable()).families(extra.getColumnFamilies());
    switch (command.command()) {
      case "schema" -> command.compression(extra.getCompression()).progressFile(WorkerPods.TERMINATION_LOG);
      case "copy" -> command.taskId(TaskIdentity.runId(task)).stagingDir(worker.stagingDir())
          .progressFile(WorkerPods.TERMINATION_LOG).mode(bulkload)
          .snapshot(extra.getSnapshotName()).startTime(extra.getStartTime()).endTime(extra.getEndTime())
          .startRow(extra.getStartRow()).stopRow(extra.getStopRow()).maxVersions(extra.getMaxVersions())
          .rateLimitMbps(extra.getRateLimitMBps()).compression(bulkload ? extra.getCompression() : null);
      case "bulkload" -> command.taskId(TaskIdentity.runId(task)).stagingDir(worker.stagingDir())
          .progressFile(WorkerPods.TERMINATION_LOG).snapshot(extra.getSnapshotName());
      default -> throw new IllegalArgumentException(command.command());
    }
    return command;
  }

  private static int shards(FullDataMigration task) {
    var extra = task.getSpec().getExtraAttrs();
    return extra == null || extra.getParallelism() == null ? 1 : extra.getParallelism();
  }

  private static int attempts(SubTask sub) {
    return sub.getAttempts() == null ? 1 : sub.getAttempts();
  }

  /** State, progress, conditions and an Event when the task's state changes. */
  private void summarize(FullDataMigration task, FullDataMigrationStatus status, TaskState before,
      Optional<PodHealth.NotStarting> notStarting) {
    List<SubTask> subs = new ArrayList<>();
    int done = 0;
    int total = 0;
    for (TableMigrationStatus table : status.getTables()) {
      subs.add(table.getSchemeTask());
      subs.add(table.getFullTask());
      if (table.getBulkloadTask() != null) {
        subs.add(table.getBulkloadTask());
      }
      var progress = table.getFullTask().getProgress();
      if (progress != null) {
        done += Objects.requireNonNullElse(progress.getUnitsDone(), 0);
        total += Objects.requireNonNullElse(progress.getUnitsTotal(), 0);
      }
    }
    TaskState state;
    Optional<SubTask> failed = subs.stream().filter(s -> s.getState() == TaskState.FAILED).findFirst();
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    if (failed.isPresent()) {
      state = TaskState.FAILED;
      status.setMessage(failed.get().getName() + " failed: " + failed.get().getMessage() + "; fix the cause, then retry");
    } else if (subs.stream().allMatch(s -> s.getState().isDone())) {
      state = TaskState.SUCCEEDED;
      status.setMessage("all " + status.getTables().size() + " tables copied");
    } else if (paused) {
      state = TaskState.KILLED;
      status.setMessage("paused (abort); retry resumes from the checkpoints");
    } else if (subs.stream().anyMatch(s -> s.getState() == TaskState.RUNNING)) {
      state = TaskState.RUNNING;
      status.setMessage("copying");
    } else {
      state = TaskState.PENDING;
    }
    status.setState(state);
    status.setProgress(total == 0 ? null : done + "/" + total);
    if (state.isTerminal() && status.getEndTime() == null) {
      status.setEndTime(Instant.now().toString());
    } else if (!state.isTerminal()) {
      status.setEndTime(null);
    }
    status.setObservedGeneration(task.getMetadata().getGeneration());
    Long generation = task.getMetadata().getGeneration();
    Conditions.set(status.getConditions(), Conditions.READY, state == TaskState.SUCCEEDED, state.name(), status.getMessage(), generation);
    Conditions.set(status.getConditions(), Conditions.PROGRESSING, state == TaskState.RUNNING || state == TaskState.PENDING,
        state.name(), status.getMessage(), generation);
    if (state != TaskState.FAILED && state != TaskState.KILLED && notStarting.isPresent()) {
      if (PodHealth.markDegraded(status.getConditions(), notStarting.get(), generation)) {
        events.warning(task, PodHealth.NOT_STARTING_REASON, notStarting.get().describe());
      }
    } else {
      Conditions.set(status.getConditions(), Conditions.DEGRADED, state == TaskState.FAILED, state.name(), status.getMessage(), generation);
    }
    Conditions.set(status.getConditions(), Conditions.PAUSED, paused, paused ? "Aborted" : "NotPaused", "", generation);
    if (state != before) {
      if (state == TaskState.FAILED) {
        events.warning(task, "Failed", status.getMessage());
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
   * Delete: stop and remove the task's Jobs, and start an unowned cleanup Job that removes the
   * snapshots and staging files. Destination tables and data are never touched.
   */
  @Override
  public DeleteControl cleanup(FullDataMigration task, Context<FullDataMigration> context) {
    client.batch().v1().jobs().inNamespace(task.getMetadata().getNamespace())
        .withLabel(Labels.TASK, task.getMetadata().getName()).withLabel(Labels.KIND, "FullDataMigration")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
    // one cleanup per run: a task recreated under the same name and deleted again gets its own
    String name = Names.child(task.getMetadata().getName(), "cleanup-" + Names.hash(task.getMetadata().getUid(), 8));
    if (client.batch().v1().jobs().inNamespace(task.getMetadata().getNamespace()).withName(name).get() == null) {
      WorkerCommand command = WorkerCommand.cleanup().taskId(TaskIdentity.runId(task)).stagingDir(worker.stagingDir())
          .tables(task.getSpec().getTables().stream().map(TableSpec::getName).toList());
      Job cleanup = WorkerJobs.job(task, name, "cleanup", 1, worker, task.getSpec().getSource(),
          task.getSpec().getDestination(), command, 1, false);
      cleanup.getMetadata().getLabels().put(Labels.KIND, "Cleanup");
      client.resource(cleanup).create();
    }
    events.normal(task, "Deleted", "removed the task's Jobs; " + name + " removes its snapshots and staging files");
    return DeleteControl.defaultDelete();
  }

  private static String hex() {
    return UUID.randomUUID().toString().replace("-", "");
  }

}
