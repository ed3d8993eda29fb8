package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hbasetunnel.contract.naming.SourceNames;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.VerifySpec;
import io.hbasetunnel.operator.common.JobStep;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.VerifyResults;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.common.WorkerView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The act step for one table: its next step that is not done (schema, copy, bulkload, verify),
 * each through its Job (JobStep), one after the other; the worker command of each step.
 */
final class TableSteps {
  private final WorkerSettings worker;
  private final JobStep jobStep;

  TableSteps(WorkerSettings worker, JobStep jobStep) {
    this.worker = worker;
    this.jobStep = jobStep;
  }

  void run(FullDataMigration task, TableMigrationStatus table, Map<String, Job> jobs, boolean retry, int index,
      WorkerView workers) {
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
          table.getTable() + " " + step.label(), workers));
      if (step.subTask() == table.getVerifyTask()) {
        recordVerification(table, existing.orElse(null), workers);
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
  private void recordVerification(TableMigrationStatus table, Job job, WorkerView workers) {
    TaskState state = table.getVerifyTask().getState();
    if (state != TaskState.SUCCEEDED && state != TaskState.FAILED) {
      table.setVerify(null);
    } else if (table.getVerify() == null && job != null) {
      VerifyResults.of(jobStep.pods(job, workers)).ifPresent(table::setVerify);
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
      case "copy" -> command.taskId(FullDataMigrationReconciler.runId(task)).stagingDir(worker.stagingDir())
          .retainDeletes(SpecCheck.followOn(task.getSpec()))
          .followOnSyncId(SpecCheck.followOn(task.getSpec()) ? TaskIdentity.runId(task) : null)
          .progressFile(WorkerPods.TERMINATION_LOG).mode(bulkload).loadAsStaged(bulkload)
          .snapshot(extra.getSnapshotName()).startTime(extra.getStartTime()).endTime(extra.getEndTime())
          .startRow(extra.getStartRow()).stopRow(extra.getStopRow()).maxVersions(extra.getMaxVersions())
          .rateLimitMbps(extra.getRateLimitMBps()).compression(bulkload ? extra.getCompression() : null)
          .statusPort(worker.statusPort());
      case "bulkload" -> command.taskId(FullDataMigrationReconciler.runId(task)).stagingDir(worker.stagingDir())
          .progressFile(WorkerPods.TERMINATION_LOG).snapshot(extra.getSnapshotName()).statusPort(worker.statusPort());
      // compares the destination with the snapshot the copy read, so later source writes do not count
      case "verify" -> command.snapshot(snapshotOf(task, table)).sampleRegions(verifySpec(task).getSampleRegions())
          .jsonReport(WorkerPods.TERMINATION_LOG);
      default -> throw new IllegalArgumentException(command.command());
    }
    return command;
  }

  /** The snapshot the copy used: the user's, else the one the worker takes (api SourceNames). */
  static String snapshotOf(FullDataMigration task, TableMigrationStatus table) {
    var extra = task.getSpec().getExtraAttrs();
    if (extra != null && extra.getSnapshotName() != null) {
      return extra.getSnapshotName();
    }
    return SourceNames.snapshotName(FullDataMigrationReconciler.runId(task), table.getTable());
  }

  /** Verification as asked; a filtered copy (time or row range, version limit) is not verified unless asked. */
  static VerifySpec verifySpec(FullDataMigration task) {
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

  private static int shards(FullDataMigration task) {
    var extra = task.getSpec().getExtraAttrs();
    return extra == null || extra.getParallelism() == null ? 1 : extra.getParallelism();
  }

  private static int attempts(SubTask sub) {
    return sub.getAttempts() == null ? 1 : sub.getAttempts();
  }
}
