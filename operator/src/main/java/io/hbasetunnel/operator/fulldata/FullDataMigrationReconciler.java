package io.hbasetunnel.operator.fulldata;

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
import io.hbasetunnel.operator.common.WorkerJobs;
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
    return List.of(new InformerEventSource<>(jobs, context));
  }

  @Override
  public UpdateControl<FullDataMigration> reconcile(FullDataMigration task, Context<FullDataMigration> context) {
    FullDataMigrationStatus status = task.getStatus() == null ? new FullDataMigrationStatus() : task.getStatus();
    task.setStatus(status);
    TaskState before = status.getState();
    ClusterCheck.Result clusters = ClusterCheck.check(client, task.getMetadata().getNamespace(),
        task.getSpec().getSource(), task.getSpec().getDestination());
    if (!clusters.ok() && !startedBefore(status)) {
      return clusters.retryLater() ? waitFor(task, before, clusters.message()) : fail(task, before, clusters.message());
    }
    plan(task, status);
    boolean retry = task.getSpec().getRetryNonce() != null
        && !task.getSpec().getRetryNonce().equals(status.getObservedRetryNonce());
    Map<String, Job> jobs = context.getSecondaryResources(Job.class).stream()
        .collect(Collectors.toMap(j -> j.getMetadata().getName(), Function.identity(), (a, b) -> a));
    for (int i = 0; i < task.getSpec().getTables().size(); i++) {
      runTable(task, i, status.getTables().get(i), jobs, retry);
    }
    status.setObservedRetryNonce(task.getSpec().getRetryNonce());
    summarize(task, status, before);
    return UpdateControl.patchStatus(task);
  }

  /** Sub-task names are made once and kept: LTS clients poll them by name. */
  private static void plan(FullDataMigration task, FullDataMigrationStatus status) {
    if (status.getStartTime() == null) {
      status.setStartTime(Instant.now().toString());
    }
    List<TableMigrationStatus> tables = new ArrayList<>();
    for (TableSpec table : task.getSpec().getTables()) {
      TableMigrationStatus existing = status.getTables().stream().filter(t -> table.getName().equals(t.getTable()))
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

  private void runTable(FullDataMigration task, int index, TableMigrationStatus table, Map<String, Job> jobs, boolean retry) {
    boolean paused = Boolean.TRUE.equals(task.getSpec().getPaused());
    SubTask scheme = table.getSchemeTask();
    if (!Boolean.TRUE.equals(task.getSpec().getCreateTable()) && !scheme.getState().isDone()) {
      scheme.setState(TaskState.SKIPPED);
      scheme.setMessage("createTable=false");
    }
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(scheme, "schema", "scheme task", commandFor("schema", task, table), 1));
    steps.add(new Step(table.getFullTask(), "copy", "full copy", commandFor("copy", task, table), shards(task)));
    if (table.getBulkloadTask() != null) {
      steps.add(new Step(table.getBulkloadTask(), "bulkload", "bulkload", commandFor("bulkload", task, table), 1));
    }
    for (Step step : steps) {
      String jobName = Names.child(task.getMetadata().getName(), "t" + index + "-" + step.kind());
      JobStep.Next next = jobStep.drive(new JobStep.Request(task, step.subTask(), jobName,
          Optional.ofNullable(jobs.get(jobName)), paused, retry,
          () -> WorkerJobs.job(task, jobName, step.kind(), attempts(step.subTask()), worker, task.getSpec().getSource(),
              task.getSpec().getDestination(), step.args(), step.shards(), true),
          table.getTable() + " " + step.label()));
      if (next == JobStep.Next.WAIT) {
        return;
      }
    }
  }

  private record Step(SubTask subTask, String kind, String label, List<String> args, int shards) {}

  /** The worker command of a step (docs/worker-contract.md). */
  private List<String> commandFor(String command, FullDataMigration task, TableMigrationStatus table) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(WorkerSettings.clusterArgs());
    args.addAll(List.of("--table", table.getTable(), "--target-table", table.getTargetTable()));
    var extra = task.getSpec().getExtraAttrs();
    if (extra != null && extra.getColumnFamilies() != null && !extra.getColumnFamilies().isEmpty()) {
      args.addAll(List.of("--families", String.join(",", extra.getColumnFamilies())));
    }
    if (!command.equals("schema")) {
      args.addAll(List.of("--task-id", task.getMetadata().getName(), "--staging-dir", worker.stagingDir(),
          "--progress-file", "/dev/termination-log"));
    }
    if (command.equals("schema") && extra != null && extra.getCompression() != null) {
      args.addAll(List.of("--compression", extra.getCompression().name()));
    }
    if (command.equals("copy")) {
      args.addAll(List.of("--mode", Boolean.TRUE.equals(task.getSpec().getBulkload()) ? "BULKLOAD" : "PUT"));
      if (extra != null) {
        addIf(args, "--snapshot", extra.getSnapshotName());
        addIf(args, "--start-time", extra.getStartTime());
        addIf(args, "--end-time", extra.getEndTime());
        addIf(args, "--start-row", extra.getStartRow());
        addIf(args, "--stop-row", extra.getStopRow());
        addIf(args, "--max-versions", extra.getMaxVersions());
        addIf(args, "--rate-limit-mbps", extra.getRateLimitMBps());
        if (extra.getCompression() != null && Boolean.TRUE.equals(task.getSpec().getBulkload())) {
          args.addAll(List.of("--compression", extra.getCompression().name()));
        }
      }
    }
    if (command.equals("bulkload") && extra != null) {
      addIf(args, "--snapshot", extra.getSnapshotName());
    }
    return args;
  }

  private static void addIf(List<String> args, String flag, Object value) {
    if (value != null) {
      args.addAll(List.of(flag, String.valueOf(value)));
    }
  }

  private static int shards(FullDataMigration task) {
    var extra = task.getSpec().getExtraAttrs();
    return extra == null || extra.getParallelism() == null ? 1 : extra.getParallelism();
  }

  private static int attempts(SubTask sub) {
    return sub.getAttempts() == null ? 1 : sub.getAttempts();
  }

  /** State, progress, conditions and an Event when the task's state changes. */
  private void summarize(FullDataMigration task, FullDataMigrationStatus status, TaskState before) {
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
    Conditions.set(status.getConditions(), Conditions.DEGRADED, state == TaskState.FAILED, state.name(), status.getMessage(), generation);
    Conditions.set(status.getConditions(), Conditions.PAUSED, paused, paused ? "Aborted" : "NotPaused", "", generation);
    if (state != before) {
      if (state == TaskState.FAILED) {
        events.warning(task, "Failed", status.getMessage());
      } else {
        events.normal(task, EventReasons.of(state), status.getMessage() == null ? state.name() : status.getMessage());
      }
    }
  }

  private UpdateControl<FullDataMigration> fail(FullDataMigration task, TaskState before, String message) {
    FullDataMigrationStatus status = task.getStatus();
    status.setState(TaskState.FAILED);
    status.setMessage(message);
    status.setObservedGeneration(task.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), Conditions.DEGRADED, true, "InvalidSpec", message, task.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), Conditions.READY, false, "InvalidSpec", message, task.getMetadata().getGeneration());
    if (before != TaskState.FAILED) {
      events.warning(task, "InvalidSpec", message);
    }
    return UpdateControl.patchStatus(task);
  }

  private UpdateControl<FullDataMigration> waitFor(FullDataMigration task, TaskState before, String message) {
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
    return UpdateControl.patchStatus(task).rescheduleAfter(5000);
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
    String name = Names.child(task.getMetadata().getName(), "cleanup");
    if (client.batch().v1().jobs().inNamespace(task.getMetadata().getNamespace()).withName(name).get() == null) {
      List<String> args = new ArrayList<>(List.of("cleanup"));
      args.addAll(WorkerSettings.clusterArgs());
      args.addAll(List.of("--task-id", task.getMetadata().getName(), "--staging-dir", worker.stagingDir(), "--tables",
          task.getSpec().getTables().stream().map(TableSpec::getName).collect(Collectors.joining(","))));
      Job cleanup = WorkerJobs.job(task, name, "cleanup", 1, worker, task.getSpec().getSource(),
          task.getSpec().getDestination(), args, 1, false);
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
