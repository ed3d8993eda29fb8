package io.hbasetunnel.gateway;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.CustomResource;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.SubTaskProgress;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSyncStatus;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.VerifyResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code GET /ui}: every migration and sync of the namespace as one server-rendered HTML page, from
 * the gateway's informer caches (no API call per view). No script; every value is escaped; the
 * Content-Security-Policy allows nothing but the page's own style block (by hash), so even text
 * that slipped through could not run or load anything. The page reloads itself every 5 s.
 */
final class StatusPage {
  static final int EVENTS_PER_TASK = 5;
  static final int REFRESH_SECONDS = 5;

  private static final String STYLE = String.join("\n",
      "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}",
      "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}h3{font-size:1em;margin:.2em 0}",
      "section.task{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;margin:.8em 0}",
      "table{border-collapse:collapse;margin:.4em 0}td,th{padding:.2em .6em;text-align:left;border-bottom:1px solid #eee}",
      "td.num{text-align:right}progress{width:10em}",
      ".state{font-weight:bold;padding:0 .4em;border-radius:4px}",
      ".s-SUCCEEDED{background:#cfc}.s-RUNNING{background:#cdf}.s-FAILED{background:#fcc}.s-KILLED{background:#eee}",
      ".s-PENDING{background:#ffd}.s-SKIPPED{background:#eee}.muted{color:#777}",
      ".diff{color:#a00;font-weight:bold}.ok{color:#070}ul.events{margin:.3em 0;padding-left:1.2em}",
      ".Warning{color:#a00}");

  /** Nothing but the style block above: no script, no image, no form, no frame, no connection. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; "
      + "img-src 'none'; script-src 'none'; connect-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  private final Supplier<List<FullDataMigration>> migrations;
  private final Supplier<List<IncrementalSync>> syncs;
  private final EventLog events;
  private final String namespace;

  StatusPage(Supplier<List<FullDataMigration>> migrations, Supplier<List<IncrementalSync>> syncs, EventLog events,
      String namespace) {
    this.migrations = migrations;
    this.syncs = syncs;
    this.events = events;
    this.namespace = namespace;
  }

  String render(Instant now) {
    StringBuilder out = new StringBuilder(8192);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
        .append("<title>HBase Tunnel</title><style>").append(STYLE).append("</style></head><body>\n")
        .append("<h1>HBase Tunnel</h1><p class=\"muted\">namespace ").append(Html.escape(namespace))
        .append(" &middot; as of ").append(Html.escape(now)).append(" &middot; reloads every ").append(REFRESH_SECONDS)
        .append(" s</p>\n");
    List<FullDataMigration> fdms = sorted(migrations.get());
    out.append("<h2>Full data migrations (").append(fdms.size()).append(")</h2>\n");
    if (fdms.isEmpty()) {
      out.append("<p class=\"muted\" id=\"no-migrations\">none</p>\n");
    }
    fdms.forEach(m -> migration(out, m));
    List<IncrementalSync> incs = sorted(syncs.get());
    out.append("<h2>Incremental syncs (").append(incs.size()).append(")</h2>\n");
    if (incs.isEmpty()) {
      out.append("<p class=\"muted\" id=\"no-syncs\">none</p>\n");
    }
    incs.forEach(s -> sync(out, s, now));
    return out.append("</body></html>\n").toString();
  }

  private void migration(StringBuilder out, FullDataMigration task) {
    String name = task.getMetadata().getName();
    FullDataMigrationStatus status = task.getStatus();
    out.append("<section class=\"task migration\" id=\"").append(Html.escape(name)).append("\">\n<h3>")
        .append(Html.escape(name)).append(' ').append(state(status == null ? null : status.getState())).append("</h3>\n<p>")
        .append(Html.escape(task.getSpec().getSource())).append(" &rarr; ").append(Html.escape(task.getSpec().getDestination()))
        .append(" &middot; ").append(Boolean.TRUE.equals(task.getSpec().getBulkload()) ? "bulk load" : "puts");
    if (status != null && status.getProgress() != null) {
      out.append(" &middot; regions ").append(Html.escape(status.getProgress()));
    }
    times(out, status == null ? null : status.getStartTime(), status == null ? null : status.getEndTime());
    out.append("</p>\n");
    message(out, status == null ? null : status.getMessage());
    List<TableMigrationStatus> tables = status == null || status.getTables() == null ? List.of() : status.getTables();
    if (!tables.isEmpty()) {
      out.append("<table><tr><th>table</th><th>steps</th><th>progress</th><th>rows</th><th>MB</th><th>MB/s</th><th>ETA</th>")
          .append("<th>verification</th></tr>\n");
      tables.forEach(t -> table(out, t));
      out.append("</table>\n");
    }
    if (status != null && status.getFollowOn() != null) {
      var followOn = status.getFollowOn();
      out.append("<p class=\"follow-on\">follow-on sync ").append(Html.escape(followOn.getSyncName())).append(' ')
          .append(state(followOn.getState()));
      if (followOn.getArmedAt() != null) {
        out.append(" &middot; WALs pinned since ").append(Html.escape(followOn.getArmedAt()));
      }
      out.append("</p>\n");
      message(out, followOn.getMessage());
    }
    events(out, task);
    out.append("</section>\n");
  }

  private static void table(StringBuilder out, TableMigrationStatus table) {
    out.append("<tr data-table=\"").append(Html.escape(table.getTable())).append("\"><td>").append(Html.escape(table.getTable()));
    if (table.getTargetTable() != null && !table.getTargetTable().equals(table.getTable())) {
      out.append(" &rarr; ").append(Html.escape(table.getTargetTable()));
    }
    out.append("</td><td>");
    step(out, "schema", table.getSchemeTask());
    step(out, "copy", table.getFullTask());
    step(out, "load", table.getBulkloadTask());
    step(out, "verify", table.getVerifyTask());
    out.append("</td>");
    SubTask moving = current(table);
    SubTaskProgress progress = moving == null ? null : moving.getProgress();
    out.append("<td>");
    if (progress != null && progress.getUnitsTotal() != null && progress.getUnitsTotal() > 0) {
      int done = progress.getUnitsDone() == null ? 0 : progress.getUnitsDone();
      out.append("<progress value=\"").append(done).append("\" max=\"").append(progress.getUnitsTotal()).append("\">")
          .append(done).append('/').append(progress.getUnitsTotal()).append("</progress> ")
          .append(done).append('/').append(progress.getUnitsTotal()).append(" regions");
    } else if (moving != null && moving.getState() != null && moving.getState().isDone()) {
      out.append("<progress value=\"1\" max=\"1\">done</progress> done");
    } else {
      out.append("<span class=\"muted\">-</span>");
    }
    // a bulk-load copy moves store files and counts no rows: "-", not a misleading 0
    out.append("</td><td class=\"num rows\">").append(progress == null || progress.getRows() == null || progress.getRows() == 0
        ? "-" : String.format(Locale.ROOT, "%,d", progress.getRows()))
        .append("</td><td class=\"num mb\">").append(progress == null || progress.getBytes() == null ? "-"
        : String.format(Locale.ROOT, "%.1f", progress.getBytes() / 1048576.0))
        .append("</td><td class=\"num mbps\">").append(progress == null || progress.getMbPerSecond() == null ? "-"
        : String.format(Locale.ROOT, "%.1f", progress.getMbPerSecond()))
        .append("</td><td class=\"num eta\">").append(progress == null || progress.getEtaSeconds() == null ? "-"
        : duration(Duration.ofSeconds(progress.getEtaSeconds())))
        .append("</td><td class=\"verify\">");
    verification(out, table.getVerify());
    out.append("</td></tr>\n");
  }

  /** The copy step whose progress to show: the bulk load once it has progress of its own, else the copy. */
  private static SubTask current(TableMigrationStatus table) {
    SubTask load = table.getBulkloadTask();
    if (load != null && (load.getProgress() != null || load.getState() == TaskState.RUNNING)) {
      return load;
    }
    return table.getFullTask();
  }

  private static void step(StringBuilder out, String label, SubTask task) {
    if (task == null) {
      return;
    }
    out.append("<span class=\"step\">").append(label).append(' ').append(state(task.getState()));
    if (task.getAttempts() != null && task.getAttempts() > 1) {
      out.append(" <span class=\"muted\">(attempt ").append(task.getAttempts()).append(")</span>");
    }
    out.append("</span> ");
  }

  private static void verification(StringBuilder out, VerifyResult verify) {
    if (verify == null) {
      out.append("<span class=\"muted\">-</span>");
      return;
    }
    long differences = verify.getDifferences() == null ? 0 : verify.getDifferences();
    out.append("<span class=\"").append(differences == 0 ? "ok" : "diff").append("\">")
        .append(String.format(Locale.ROOT, "%,d", differences)).append(differences == 1 ? " difference" : " differences")
        .append("</span>");
    if (verify.getCellsCompared() != null) {
      out.append(" in ").append(String.format(Locale.ROOT, "%,d", verify.getCellsCompared())).append(" cells");
    }
    if (verify.getScope() != null) {
      out.append(" <span class=\"muted\">(").append(Html.escape(verify.getScope())).append(")</span>");
    }
    if (verify.getFirstDifferences() != null && !verify.getFirstDifferences().isEmpty()) {
      out.append("<ul>");
      verify.getFirstDifferences().forEach(d -> out.append("<li>").append(Html.escape(d)).append("</li>"));
      out.append("</ul>");
    }
  }

  private void sync(StringBuilder out, IncrementalSync task, Instant now) {
    String name = task.getMetadata().getName();
    IncrementalSyncStatus status = task.getStatus();
    String display = task.getSpec().getDisplayName() == null || task.getSpec().getDisplayName().isEmpty()
        ? name : task.getSpec().getDisplayName();
    out.append("<section class=\"task sync\" id=\"").append(Html.escape(name)).append("\">\n<h3>").append(Html.escape(display));
    if (!display.equals(name)) {
      out.append(" <span class=\"muted\">").append(Html.escape(name)).append("</span>");
    }
    out.append(' ').append(state(status == null ? null : status.getState())).append("</h3>\n<p>")
        .append(Html.escape(task.getSpec().getSource())).append(" &rarr; ").append(Html.escape(task.getSpec().getDestination()));
    out.append(" &middot; lag <span class=\"lag\">");
    if (status != null && status.getLagMs() != null) {
      out.append(duration(Duration.ofMillis(status.getLagMs())));
    } else if (status != null && status.getSynctime() != null && status.getSynctime() > 0) {
      out.append(duration(Duration.between(Instant.ofEpochMilli(status.getSynctime()), now)));
    } else {
      out.append('-');
    }
    out.append("</span>");
    if (status != null && status.getSyncDate() != null) {
      out.append(" &middot; applied up to ").append(Html.escape(status.getSyncDate()));
    }
    if (status != null && status.getEntriesPerSecond() != null) {
      out.append(" &middot; ").append(String.format(Locale.ROOT, "%.1f", status.getEntriesPerSecond())).append(" edits/s");
    }
    times(out, status == null ? null : status.getStartTime(), status == null ? null : status.getEndTime());
    out.append("</p>\n");
    message(out, status == null ? null : status.getMessage());
    List<TableSyncStatus> tables = status == null || status.getTables() == null ? List.of() : status.getTables();
    if (!tables.isEmpty()) {
      out.append("<table><tr><th>table</th><th>puts</th><th>deletes</th></tr>\n");
      for (TableSyncStatus table : tables) {
        out.append("<tr data-table=\"").append(Html.escape(table.getTable())).append("\"><td>").append(Html.escape(table.getTable()));
        if (table.getTargetTable() != null && !table.getTargetTable().equals(table.getTable())) {
          out.append(" &rarr; ").append(Html.escape(table.getTargetTable()));
        }
        out.append("</td><td class=\"num\">").append(count(table.getPuts())).append("</td><td class=\"num\">")
            .append(count(table.getDeletes())).append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    events(out, task);
    out.append("</section>\n");
  }

  private void events(StringBuilder out, CustomResource<?, ?> task) {
    List<Event> recent = events.about(task.getKind(), task.getMetadata().getName(), EVENTS_PER_TASK);
    if (recent.isEmpty()) {
      return;
    }
    out.append("<ul class=\"events\">");
    for (Event event : recent) {
      out.append("<li class=\"").append("Warning".equals(event.getType()) ? "Warning" : "Normal").append("\">")
          .append(Html.escape(EventLog.time(event))).append(' ').append(Html.escape(event.getReason())).append(": ")
          .append(Html.escape(event.getMessage())).append("</li>");
    }
    out.append("</ul>\n");
  }

  private static void message(StringBuilder out, String message) {
    if (message != null && !message.isBlank()) {
      out.append("<p class=\"message\">").append(Html.escape(message)).append("</p>\n");
    }
  }

  private static void times(StringBuilder out, String start, String end) {
    if (start != null) {
      out.append(" &middot; started ").append(Html.escape(start));
    }
    if (end != null) {
      out.append(" &middot; ended ").append(Html.escape(end));
    }
  }

  private static String state(TaskState state) {
    String name = (state == null ? TaskState.PENDING : state).name();
    return "<span class=\"state s-" + name + "\">" + name + "</span>";
  }

  private static String count(Long value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%,d", value);
  }

  /** 45s, 3m 05s, 2h 03m. */
  static String duration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
  }

  private static <T extends CustomResource<?, ?>> List<T> sorted(List<T> tasks) {
    return tasks.stream().sorted(Comparator.comparing((T t) -> t.getMetadata().getCreationTimestamp(),
        Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(t -> t.getMetadata().getName())).toList();
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
