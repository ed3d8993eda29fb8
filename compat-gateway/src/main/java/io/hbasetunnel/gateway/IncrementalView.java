package io.hbasetunnel.gateway;

import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** An IncrementalSync in the documented LTS list shape: tables as namespace:table, times in ms. */
final class IncrementalView {
  private static final DateTimeFormatter SYNC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private IncrementalView() {}

  static Map<String, Object> render(IncrementalSync task, Map<String, String> addresses, ZoneId zone) {
    IncrementalSyncStatus status = task.getStatus();
    long offset = status == null || status.getOffset() == null ? 0 : status.getOffset();
    long synctime = status == null || status.getSynctime() == null ? 0 : status.getSynctime();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("jobId", task.getMetadata().getName());
    view.put("tableNames", task.getSpec().getTables().stream().map(IncrementalView::qualified).toList());
    view.put("dst", addresses.getOrDefault(task.getSpec().getDestination(), task.getSpec().getDestination()));
    view.put("offset", offset);
    view.put("src", addresses.getOrDefault(task.getSpec().getSource(), task.getSpec().getSource()));
    String name = task.getSpec().getDisplayName();
    view.put("name", name == null || name.isEmpty() ? task.getMetadata().getName() : name);
    // LTS prints the sync time in the server's zone (the LTS documentation's examples are UTC+8)
    view.put("syncDate", synctime == 0 ? "" : SYNC_DATE.format(Instant.ofEpochMilli(synctime).atZone(zone)));
    view.put("state", status == null || status.getState() == null ? TaskState.PENDING.name() : status.getState().name());
    view.put("synctime", synctime);
    return view;
  }

  private static String qualified(TableSpec table) {
    return table.getName().contains(":") ? table.getName() : "default:" + table.getName();
  }
}
