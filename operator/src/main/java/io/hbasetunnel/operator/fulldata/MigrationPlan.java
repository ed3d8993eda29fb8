package io.hbasetunnel.operator.fulldata;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.VerifySpec;
import io.hbasetunnel.operator.common.SpecCheck;
import io.hbasetunnel.operator.common.TaskIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The plan step of a migration: per table (with its resolved target) the sub-tasks it runs, named
 * once and kept in status; the run id; the follow-on status.
 */
final class MigrationPlan {
  private MigrationPlan() {}

  /**
   * Sub-task names are made once and kept: LTS clients poll them by name. A table's status is
   * found by its identity (source and target names), never by its place in the list.
   */
  static void plan(FullDataMigration task, FullDataMigrationStatus status, Map<String, String> targets,
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
    boolean verify = TableSteps.verifySpec(task).getMode() != VerifySpec.VerifyMode.NONE;
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

  private static String hex() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
