package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * More than a hundred wrong requests: each gets a 4xx, success "false", a message that says what
 * to fix (no stack trace), and nothing is created.
 */
@EnableKubernetesMockClient(crud = true)
class BadRequestTest {
  static KubernetesClient client;
  private static GatewayFixture gateway;

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String FULL = "/hbase/fulldata/create";
  private static final String INCR = "/hbase/incr/create";
  private static final String GOOD_FULL = "src=hbase1&dst=hbase2&tableNames=t1&bulkload=true&createTable=true";
  private static final String GOOD_INCR = "name=chan&src=hbase1&dst=hbase2&tableNames=t1&createTable=true";

  @BeforeAll
  static void start() throws IOException {
    gateway = GatewayFixture.open(client);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static Stream<Arguments> badRequests() {
    List<Arguments> cases = new ArrayList<>();
    // missing and empty parameters
    for (String param : List.of("src", "dst", "tableNames")) {
      cases.add(post(FULL, without(GOOD_FULL, param), 400, "parameter '" + param + "' is missing"));
      cases.add(post(FULL, GOOD_FULL.replace(param + "=", param + "=&x="), 400, "parameter '" + param + "' is missing or empty"));
    }
    for (String param : List.of("name", "src", "dst", "tableNames")) {
      cases.add(post(INCR, without(GOOD_INCR, param), 400, "parameter '" + param + "' is missing"));
      cases.add(post(INCR, GOOD_INCR.replace(param + "=", param + "=%20%20&x="), 400, "parameter '" + param + "' is missing or empty"));
    }
    cases.add(post(FULL, "", 400, "parameter 'src' is missing"));
    cases.add(post(INCR, "", 400, "parameter 'name' is missing"));
    // unknown or identical clusters
    cases.add(post(FULL, GOOD_FULL.replace("src=hbase1", "src=hbase9"), 400, "unknown source (src) cluster 'hbase9'"));
    cases.add(post(FULL, GOOD_FULL.replace("dst=hbase2", "dst=nope"), 400, "unknown destination (dst) cluster 'nope'"));
    cases.add(post(FULL, GOOD_FULL.replace("dst=hbase2", "dst=hbase1"), 400, "src and dst are both 'hbase1'"));
    cases.add(post(INCR, GOOD_INCR.replace("src=hbase1", "src=HBASE1"), 400, "unknown source (src) cluster"));
    cases.add(post(INCR, GOOD_INCR.replace("dst=hbase2", "dst=hbase3"), 400, "unknown destination (dst) cluster"));
    cases.add(post(INCR, GOOD_INCR.replace("dst=hbase2", "dst=hbase1"), 400, "src and dst are both"));
    // invalid table lists
    List<String> badTables = List.of("my%20table", ".t", "-t", "t%2F1", "ns:", ":t", "a:b:c", "t%2A", "ns-x:t", "%C3%BC",
        "t1,", ",t1", "t1,,t2", "x".repeat(256));
    for (String tables : badTables) {
      cases.add(post(FULL, GOOD_FULL.replace("tableNames=t1", "tableNames=" + tables), 400, "tableNames"));
      cases.add(post(INCR, GOOD_INCR.replace("tableNames=t1", "tableNames=" + tables), 400, "tableNames"));
    }
    for (String duplicate : List.of("t1,t1", "t1,default:t1", "ns:a,ns:a")) {
      cases.add(post(FULL, GOOD_FULL.replace("tableNames=t1", "tableNames=" + duplicate), 400, "is listed twice"));
      cases.add(post(INCR, GOOD_INCR.replace("tableNames=t1", "tableNames=" + duplicate), 400, "is listed twice"));
    }
    // HBase's own tables, in the list or as a mapping's target
    for (String tables : List.of("hbase:meta", "t1,hbase:acl", "hbase:namespace,t2")) {
      cases.add(post(FULL, GOOD_FULL.replace("tableNames=t1", "tableNames=" + tables), 400, "is an HBase system table"));
      cases.add(post(INCR, GOOD_INCR.replace("tableNames=t1", "tableNames=" + tables), 400, "is an HBase system table"));
    }
    // what the CRDs' patterns reject, and mappings that lose data
    List<String[]> crdInvalid = List.of(
        new String[] {"src=HBASE1", "unknown source (src) cluster 'HBASE1'; HBaseCluster names are lowercase"},
        new String[] {"dst=a_b", "unknown destination (dst) cluster 'a_b'; HBaseCluster names are lowercase"},
        new String[] {"dst=-hbase2", "HBaseCluster names are lowercase"},
        new String[] {"extraAttrs=" + encode("{\"tableMapping\":{\"t1\":\"hbase:meta\"}}"), "is an HBase system table"},
        new String[] {"extraAttrs=" + encode("{\"namespaceMapping\":{\"default\":\"hbase\"}}"), "HBase's system namespace"},
        new String[] {"extraAttrs=" + encode("{\"namespaceMapping\":{\"hbase\":\"x\"}}"), "HBase's system namespace"},
        new String[] {"extraAttrs=" + encode("{\"namespaceMapping\":{\"default\":\"a-b\"}}"), "not a valid HBase namespace"},
        new String[] {"extraAttrs=" + encode("{\"tableMapping\":{\"t1\":\"bad name\"}}"), "not a valid HBase table name"},
        new String[] {"extraAttrs=" + encode("{\"tableMapping\":{\"t1\":null}}"), "not a valid HBase table name"},
        new String[] {"extraAttrs=" + encode("{\"tableMapping\":{\"t9\":\"t10\"}}"), "'default:t9', which is not in 'tableNames'"},
        new String[] {"extraAttrs=" + encode("{\"tableMapping\":{\"t1\":\"x\",\"default:t1\":\"y\"}}"), "twice"},
        new String[] {"tableNames=t1,t2&extraAttrs=" + encode("{\"tableMapping\":{\"t1\":\"t2\"}}"),
            "'default:t1' and 'default:t2' would both be written to 'default:t2'"},
        new String[] {"tableNames=t1,t2&extraAttrs=" + encode("{\"tableMapping\":{\"t1\":\"c\",\"t2\":\"default:c\"}}"),
            "would both be written to 'default:c'"},
        new String[] {"tableNames=a:t,b:t&extraAttrs=" + encode("{\"namespaceMapping\":{\"a\":\"c\",\"b\":\"c\"}}"),
            "'a:t' and 'b:t' would both be written to 'c:t'"},
        new String[] {"tableNames=a:t,c:t&extraAttrs=" + encode("{\"namespaceMapping\":{\"a\":\"c\"}}"),
            "would both be written to 'c:t'"},
        new String[] {"extraAttrs=" + encode("{\"snapshotName\":\"-snap\"}"), "not a valid HBase snapshot name"});
    for (String[] invalid : crdInvalid) {
      String param = invalid[0].substring(0, invalid[0].indexOf('='));
      cases.add(post(FULL, with(GOOD_FULL, invalid[0], param), 400, invalid[1]));
      cases.add(post(INCR, with(GOOD_INCR, invalid[0], param), 400, invalid[1]));
    }
    // keys only a full copy honours: an incremental task refuses them instead of ignoring them
    for (String copyOnly : List.of("{\"endTime\":5}", "{\"startRow\":\"a\"}", "{\"stopRow\":\"z\"}",
        "{\"maxVersions\":1}", "{\"rateLimitMBps\":10}", "{\"snapshotName\":\"snap\"}",
        "{\"incrementalFollowOn\":true}")) {
      cases.add(post(INCR, GOOD_INCR + "&extraAttrs=" + encode(copyOnly), 400, "apply to full-data migrations only"));
    }
    // flags that are not booleans
    for (String value : List.of("yes", "1", "0", "TRUE1", "null", "on")) {
      cases.add(post(FULL, GOOD_FULL.replace("bulkload=true", "bulkload=" + value), 400, "'bulkload' must be true or false"));
      cases.add(post(FULL, GOOD_FULL.replace("createTable=true", "createTable=" + value), 400, "'createTable' must be true or false"));
      cases.add(post(INCR, GOOD_INCR.replace("createTable=true", "createTable=" + value), 400, "'createTable' must be true or false"));
    }
    // extraAttrs: not JSON, not an object, unknown keys, wrong types, out of range
    List<String[]> extras = List.of(
        new String[] {"{", "not valid JSON"},
        new String[] {"[]", "must be a JSON object"},
        new String[] {"42", "must be a JSON object"},
        new String[] {"\"x\"", "must be a JSON object"},
        new String[] {"{\"unknown\":1}", "key 'unknown' is unknown"},
        new String[] {"{\"rateLimit\":10}", "key 'rateLimit' is unknown"},
        new String[] {"{\"parallelism\":\"four\"}", "'parallelism'"},
        new String[] {"{\"parallelism\":0}", "'parallelism' must be at least 1"},
        new String[] {"{\"parallelism\":1000}", "'parallelism' must be at most 256"},
        new String[] {"{\"parallelism\":1.5}", "'parallelism'"},
        new String[] {"{\"rateLimitMBps\":-1}", "'rateLimitMBps' must be at least 1"},
        new String[] {"{\"maxVersions\":0}", "'maxVersions' must be at least 1"},
        new String[] {"{\"startTime\":-5}", "cannot be negative"},
        new String[] {"{\"startTime\":10,\"endTime\":5}", "'startTime' must be before 'endTime'"},
        new String[] {"{\"compression\":\"BROTLI\"}", "'compression'"},
        new String[] {"{\"columnFamilies\":[\".x\"]}", "invalid family name"},
        new String[] {"{\"incrementalFollowOn\":\"maybe\"}", "'incrementalFollowOn'"},
        new String[] {"{\"namespaceMapping\":[1]}", "'namespaceMapping'"});
    for (String[] extra : extras) {
      String encoded = java.net.URLEncoder.encode(extra[0], java.nio.charset.StandardCharsets.UTF_8);
      cases.add(post(FULL, GOOD_FULL + "&extraAttrs=" + encoded, 400, extra[1]));
      cases.add(post(INCR, GOOD_INCR + "&extraAttrs=" + encoded, 400, extra[1]));
    }
    // wrong content types and methods
    for (String type : List.of("application/json", "text/plain", "multipart/form-data; boundary=x")) {
      cases.add(Arguments.of("POST", FULL, type, GOOD_FULL, 415, "application/x-www-form-urlencoded"));
      cases.add(Arguments.of("POST", INCR, type, GOOD_INCR, 415, "application/x-www-form-urlencoded"));
    }
    cases.add(Arguments.of("POST", FULL, null, GOOD_FULL, 415, "application/x-www-form-urlencoded"));
    cases.add(Arguments.of("GET", FULL, null, null, 405, "use POST"));
    cases.add(Arguments.of("GET", INCR, null, null, 405, "use POST"));
    cases.add(Arguments.of("GET", "/hbase/incr/update", null, null, 405, "use POST"));
    cases.add(Arguments.of("PUT", "/hbase/fulldata", FORM, GOOD_FULL, 405, "PUT is not accepted"));
    cases.add(Arguments.of("DELETE", "/hbase/incr/wal-0/del", null, null, 405, "DELETE is not accepted"));
    cases.add(Arguments.of("PATCH", "/hbase/fulldata/workflow-0/abort", null, null, 405, "PATCH is not accepted"));
    // unknown ids and paths
    for (String op : List.of("detail", "abort", "retry", "del")) {
      cases.add(Arguments.of("GET", "/hbase/fulldata/workflow-00000000000000000000000000000000/" + op, null, null, 404,
          "no fulldata task with id 'workflow-00000000000000000000000000000000'"));
      cases.add(Arguments.of("GET", "/hbase/incr/wal-00000000000000000000000000000000/" + op, null, null, 404,
          "no incr task with id 'wal-00000000000000000000000000000000'"));
    }
    cases.add(Arguments.of("GET", "/hbase/incr/wal-1/detai", null, null, 404, "no incr task with id 'wal-1'"));
    cases.add(Arguments.of("POST", "/hbase/fulldata/nope/retry", null, null, 404, "no fulldata task with id 'nope'"));
    cases.add(post("/hbase/incr/update", "jobId=wal-1&tableNames=t1", 404, "no incr task with id 'wal-1'"));
    cases.add(post("/hbase/incr/update", "tableNames=t1", 400, "parameter 'jobId' is missing"));
    cases.add(post("/hbase/incr/update", "jobId=wal-1", 400, "parameter 'tableNames' is missing"));
    cases.add(post("/hbase/incr/update", "jobId=wal-1&tableNames=bad%20name", 400, "not a valid HBase table name"));
    cases.add(Arguments.of("GET", "/hbase/nothing", null, null, 404, "no such LTS call"));
    cases.add(Arguments.of("GET", "/", null, null, 404, "no such LTS call"));
    // too long
    cases.add(post(FULL, GOOD_FULL + "&pad=" + "x".repeat(70_000), 413, "too large"));
    cases.add(post(INCR, GOOD_INCR.replace("name=chan", "name=" + "n".repeat(300)), 400, "longer than 253"));
    return cases.stream();
  }

  @Test
  void thereAreMoreThanAHundredCases() {
    assertThat(badRequests().count()).isGreaterThanOrEqualTo(100);
  }

  @ParameterizedTest(name = "[{index}] {0} {1} {3} -> {4}")
  @MethodSource("badRequests")
  void badRequestIsRefusedClearlyAndCreatesNothing(String method, String path, String contentType, String body,
      int status, String message) throws Exception {
    GatewayFixture.Answer answer = gateway.send(method, path, contentType, body);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
    assertThat(answer.body()).as("JSON body: %s", answer.raw()).isNotNull();
    assertThat(answer.body().get("success").asText()).isEqualTo("false");
    assertThat(answer.body().get("message").asText()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(client.resources(FullDataMigration.class).inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.resources(IncrementalSync.class).inAnyNamespace().list().getItems()).isEmpty();
  }

  private static Arguments post(String path, String body, int status, String message) {
    return Arguments.of("POST", path, FORM, body, status, message);
  }

  /** {@code form} with {@code params} (k=v&...) instead of its own {@code first} parameter. */
  private static String with(String form, String params, String first) {
    return without(form, first) + "&" + params;
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String without(String form, String param) {
    return String.join("&", Stream.of(form.split("&")).filter(kv -> !kv.startsWith(param + "=")).toList());
  }
}
