package io.hbasetunnel.operator.incremental;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TableSyncStatus;
import io.hbasetunnel.api.v1alpha1.TargetTables;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.operator.common.JobStep;
import io.hbasetunnel.operator.common.Names;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.TaskIdentity;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerSettings;
import io.hbasetunnel.operator.common.WorkerView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The sync's schema Jobs: a destination table for each table not yet created (createTable). */
final class SyncSchemas {
  private final WorkerSettings worker;
  private final JobStep jobStep;

  SyncSchemas(WorkerSettings worker, JobStep jobStep) {
    this.worker = worker;
    this.jobStep = jobStep;
  }

  /** Schema Jobs for tables not yet created; true when every table has its destination table. */
  boolean run(IncrementalSync task, IncrementalSyncStatus status, Map<String, Job> jobs, boolean retry,
      WorkerView workers) {
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
          table.getName() + " scheme task", workers));
      allDone &= next == JobStep.Next.CONTINUE;
    }
    status.setTables(tables);
    return allDone;
  }
}
