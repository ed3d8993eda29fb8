package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FollowOnStatus;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.SubTaskProgress;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TableSyncStatus;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.VerifyResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /ui over real HTTP, from what the API server holds: states, progress, verification, lag, events, escaping. */
@EnableKubernetesMockClient(crud = true)
class StatusPageTest {
  static KubernetesClient client;
  private static final String HOSTILE = "<script>alert(1)</script>\"'&";

  @Test
  void showsEveryMigrationAndSyncWithProgressVerificationLagAndEvents() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.open(client)) {
      String fdm = createMigration();
      String sync = createSync();
      event(FullDataMigration.class.getSimpleName(), fdm, "Warning", "CopyRetried", "pod copy-0 exited 1; " + HOSTILE);
      event(IncrementalSync.class.getSimpleName(), sync, "Normal", "Running", "wal-sync Deployment ready");

      HttpResponse<String> page = await(gateway, html -> html.contains("CopyRetried") && html.contains("wal-sync Deployment ready")
          && html.contains("12,345"));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("default-src 'none'", "script-src 'none'", "frame-ancestors 'none'", "style-src 'sha256-")
          .doesNotContain("unsafe");
      assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");

      String html = page.body();
      // the migration: state, per-table progress bar, rows, MB/s, ETA, verification, follow-on
      assertThat(html).contains("id=\"" + fdm + "\"", "s-RUNNING", "hbase1 &rarr; hbase2");
      assertThat(section(html, "data-table=\"t1\"")).contains("<progress value=\"3\" max=\"4\">", "3/4 regions", "12,345", ">5.0<", "2.5",
          "1m 40s", "copy <span class=\"state s-RUNNING\">");
      assertThat(section(html, "data-table=\"t2\"")).contains("<progress value=\"1\" max=\"1\">", "class=\"ok\">0 differences",
          "5,920 cells", "8 of 40 regions");
      assertThat(section(html, "data-table=\"t3\"")).contains("class=\"diff\">2 differences", "MISSING_IN_DESTINATION row r1");
      assertThat(html).contains("follow-on sync " + fdm + "-sync", "WALs pinned since 2026-12-03T05:00:00Z");
      // the sync: display name, lag, edits/s, per-table counters
      assertThat(html).contains("id=\"" + sync + "\"", "orders-sync", "lag <span class=\"lag\">1m 05s</span>", "42.0 edits/s",
          "s-SUCCEEDED");
      assertThat(section(html, "data-table=\"ns:orders\"")).contains("1,000", "17");
      // every user-supplied text escaped: the hostile message and the table name render as text
      assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
      assertThat(html.indexOf("class=\"Warning\"")).isPositive();
    }
  }

  @Test
  void emptyNamespaceSaysSo() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.open(client)) {
      client.resources(FullDataMigration.class).inNamespace(GatewayFixture.NAMESPACE).delete();
      client.resources(IncrementalSync.class).inNamespace(GatewayFixture.NAMESPACE).delete();
      HttpResponse<String> page = await(gateway, html -> html.contains("id=\"no-migrations\"") && html.contains("id=\"no-syncs\""));
      assertThat(page.body()).contains("Full data migrations (0)", "Incremental syncs (0)");
    }
  }

  @Test
  void withATokenThePageTakesItAsBasicPasswordAndTheApiOnlyAsBearer() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(client, List.of("127.0.0.1/32", "::1/128"), List.of(), "s3cret")) {
      HttpResponse<String> anonymous = get(gateway, "/ui");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
      assertThat(get(gateway, "/ui", "Authorization", basic("anyone", "wrong")).statusCode()).isEqualTo(401);
      assertThat(get(gateway, "/ui", "Authorization", basic("anyone", "s3cret")).statusCode()).isEqualTo(200);
      assertThat(get(gateway, "/ui", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
      // the LTS calls keep to the bearer header, and never invite a browser login
      HttpResponse<String> api = get(gateway, "/hbase/fulldata", "Authorization", basic("anyone", "s3cret"));
      assertThat(api.statusCode()).isEqualTo(401);
      assertThat(api.headers().firstValue("WWW-Authenticate")).isEmpty();
      assertThat(get(gateway, "/hbase/fulldata", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void outsideTheAllowListThePageIsRefusedToo() throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(client, List.of("10.0.0.0/8"), List.of(), null)) {
      assertThat(get(gateway, "/ui").statusCode()).isEqualTo(403);
    }
  }

  @Test
  void durationsReadAsAPersonWouldSayThem() {
    assertThat(StatusPage.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(StatusPage.duration(Duration.ofSeconds(185))).isEqualTo("3m 05s");
    assertThat(StatusPage.duration(Duration.ofMinutes(123))).isEqualTo("2h 03m");
    assertThat(StatusPage.duration(Duration.ofSeconds(-3))).isEqualTo("0s");
  }

  private static String createMigration() {
    String id = TaskIds.next(FullDataMigration.ID_PREFIX);
    FullDataMigration task = new FullDataMigration();
    task.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace(GatewayFixture.NAMESPACE).build());
    FullDataMigrationSpec spec = new FullDataMigrationSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(table("t1"), table("t2"), table("t3")));
    task.setSpec(spec);
    task = client.resource(task).create();

    FullDataMigrationStatus status = new FullDataMigrationStatus();
    status.setState(TaskState.RUNNING);
    status.setProgress("3/4");
    SubTaskProgress progress = new SubTaskProgress();
    progress.setUnitsDone(3);
    progress.setUnitsTotal(4);
    progress.setRows(12_345L);
    progress.setBytes(5L * 1024 * 1024);
    progress.setMbPerSecond(2.5);
    progress.setEtaSeconds(100L);
    status.getTables().add(tableStatus("t1", TaskState.RUNNING, progress, null));
    VerifyResult same = new VerifyResult();
    same.setDifferences(0L);
    same.setCellsCompared(5_920L);
    same.setScope("8 of 40 regions of snapshot hbt-x");
    status.getTables().add(tableStatus("t2", TaskState.SUCCEEDED, null, same));
    VerifyResult differ = new VerifyResult();
    differ.setDifferences(2L);
    differ.setFirstDifferences(List.of("MISSING_IN_DESTINATION row r1 " + HOSTILE));
    status.getTables().add(tableStatus("t3", TaskState.SUCCEEDED, null, differ));
    FollowOnStatus followOn = new FollowOnStatus();
    followOn.setSyncName(id + "-sync");
    followOn.setState(TaskState.PENDING);
    followOn.setArmedAt("2026-12-03T05:00:00Z");
    status.setFollowOn(followOn);
    task.setStatus(status);
    client.resource(task).updateStatus();
    return id;
  }

  private static TableMigrationStatus tableStatus(String table, TaskState copy, SubTaskProgress progress, VerifyResult verify) {
    TableMigrationStatus status = new TableMigrationStatus();
    status.setTable(table);
    status.setTargetTable(table);
    SubTask full = new SubTask();
    full.setName("copy-" + table);
    full.setState(copy);
    full.setProgress(progress);
    status.setFullTask(full);
    status.setVerify(verify);
    return status;
  }

  private static String createSync() {
    String id = TaskIds.next(IncrementalSync.ID_PREFIX);
    IncrementalSync task = new IncrementalSync();
    task.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace(GatewayFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setDisplayName("orders-sync");
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(table("ns:orders")));
    task.setSpec(spec);
    task = client.resource(task).create();
    IncrementalSyncStatus status = new IncrementalSyncStatus();
    status.setState(TaskState.SUCCEEDED);
    status.setLagMs(65_000L);
    status.setEntriesPerSecond(42.0);
    status.setSyncDate("2026-12-03 13:00:00");
    TableSyncStatus table = new TableSyncStatus();
    table.setTable("ns:orders");
    table.setPuts(1000L);
    table.setDeletes(17L);
    status.getTables().add(table);
    task.setStatus(status);
    client.resource(task).updateStatus();
    return id;
  }

  private static TableSpec table(String name) {
    TableSpec table = new TableSpec();
    table.setName(name);
    return table;
  }

  private static void event(String kind, String name, String type, String reason, String message) {
    String now = Instant.now().toString();
    client.v1().events().inNamespace(GatewayFixture.NAMESPACE).resource(new EventBuilder()
        .withNewMetadata().withName(name + "." + reason.toLowerCase()).withNamespace(GatewayFixture.NAMESPACE).endMetadata()
        .withNewInvolvedObject().withApiVersion("hbasetunnel.io/v1alpha1").withKind(kind).withName(name)
        .withNamespace(GatewayFixture.NAMESPACE).endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message).withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build()).create();
  }

  /** The page once the gateway's caches show what the test wrote (they follow the API server by watch). */
  private static HttpResponse<String> await(GatewayFixture gateway, java.util.function.Predicate<String> ready) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    HttpResponse<String> page = get(gateway, "/ui");
    while (!ready.test(page.body()) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      page = get(gateway, "/ui");
    }
    assertThat(ready.test(page.body())).as(page.body()).isTrue();
    return page;
  }

  private static HttpResponse<String> get(GatewayFixture gateway, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path))).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The table row that starts at {@code marker}. */
  private static String section(String html, String marker) {
    int start = html.indexOf(marker);
    assertThat(start).as(marker + " in " + html).isNotNegative();
    return html.substring(start, html.indexOf("</tr>", start));
  }
}
