package io.hbasetunnel.gateway;

import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A FullDataMigration in the documented LTS list shape, key for key and in the documented order. */
final class FullDataView {
  private FullDataView() {}

  static Map<String, Object> render(FullDataMigration task, Map<String, String> addresses) {
    FullDataMigrationStatus status = task.getStatus();
    List<TableMigrationStatus> tables = status == null || status.getTables() == null ? List.of() : status.getTables();
    List<Map<String, Object>> fullJobs = new ArrayList<>();
    List<Map<String, Object>> bulkloadJobs = new ArrayList<>();
    List<Map<String, Object>> schemeTasks = new ArrayList<>();
    for (TableMigrationStatus table : tables) {
      if (table.getFullTask() != null) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("jobName", table.getFullTask().getName());
        job.put("state", state(table.getFullTask()));
        job.put("table", table.getTable());
        fullJobs.add(job);
      }
      if (table.getBulkloadTask() != null) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("TaskName", table.getBulkloadTask().getName());
        job.put("state", state(table.getBulkloadTask()));
        bulkloadJobs.add(job);
      }
      if (table.getSchemeTask() != null) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("TaskName", table.getSchemeTask().getName());
        job.put("state", state(table.getSchemeTask()));
        job.put("table", table.getTable());
        schemeTasks.add(job);
      }
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("jobName", task.getMetadata().getName());
    view.put("tableNames", task.getSpec().getTables().stream().map(TableSpec::getName).toList());
    view.put("dst", addresses.getOrDefault(task.getSpec().getDestination(), task.getSpec().getDestination()));
    view.put("fullJobs", fullJobs);
    view.put("bulkloadJobs", bulkloadJobs);
    view.put("src", addresses.getOrDefault(task.getSpec().getSource(), task.getSpec().getSource()));
    view.put("mergeTasks", List.of());
    view.put("state", status == null || status.getState() == null ? TaskState.PENDING.name() : status.getState().name());
    view.put("inrcJobs", incrementalJobs(status));
    view.put("schemeTasks", schemeTasks);
    return view;
  }

  /** The follow-on IncrementalSync (extraAttrs.incrementalFollowOn), once the migration has planned it. */
  private static List<Map<String, Object>> incrementalJobs(FullDataMigrationStatus status) {
    if (status == null || status.getFollowOn() == null || status.getFollowOn().getSyncName() == null) {
      return List.of();
    }
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("jobName", status.getFollowOn().getSyncName());
    job.put("state", status.getFollowOn().getState() == null ? TaskState.PENDING.name() : status.getFollowOn().getState().name());
    return List.of(job);
  }

  private static String state(SubTask task) {
    return task.getState() == null ? TaskState.PENDING.name() : task.getState().name();
  }
}
