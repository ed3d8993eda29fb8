package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ids no task can have are answered 404 by the gateway itself: the mock API server is stopped
 * first, so any call to it would answer 503 (as the control with a possible id shows).
 */
@EnableKubernetesMockClient(crud = true)
class ForeignTaskIdTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final List<String> FOREIGN = List.of("..%2F..%2Fetc", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "UPPER",
      "a".repeat(300), "wal_1", "-wal", "workflow-ABCDEF", "a..b", "t%20x");

  @Test
  void foreignIdsAreNotFoundWithoutAskingTheApiServer() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.open(client)) {
      server.shutdown();
      for (String id : FOREIGN) {
        for (String path : paths(id)) {
          long start = System.nanoTime();
          GatewayFixture.Answer answer = path.endsWith("/update")
              ? gateway.form(path, "jobId=" + id + "&tableNames=t1")
              : gateway.send(path.endsWith("/retry") ? "POST" : "GET", path, null, null);
          assertThat(answer.status()).as("%s -> %s", path, answer.raw()).isEqualTo(404);
          String message = answer.body().get("message").asText();
          assertThat(message).startsWith("no such task: '").doesNotContain("<", ">", "../").hasSizeLessThan(200);
          assertThat(System.nanoTime() - start).as("answered without retrying an API call").isLessThan(2_000_000_000L);
        }
      }
      // control: an id that could exist goes to the (stopped) API server
      GatewayFixture.Answer possible = gateway.send("GET", "/hbase/incr/wal-00000000000000000000000000000000/detai", null, null);
      assertThat(possible.status()).as(possible.raw()).isEqualTo(503);
    }
  }

  @Test
  void foreignIdIsQuotedShortAndWithoutMarkup() {
    assertThat(SafeEcho.of("<script>")).isEqualTo("'?script?'");
    assertThat(SafeEcho.of("x".repeat(300))).isEqualTo("'" + "x".repeat(64) + "' (first 64 of 300 characters)");
    assertThat(TaskIds.isPossible("workflow-" + TaskIds.hex())).isTrue();
    assertThat(TaskIds.isPossible("my-task.v2")).isTrue();
    assertThat(TaskIds.isPossible("a".repeat(253))).isTrue();
    assertThat(TaskIds.isPossible("a".repeat(254))).isFalse();
    assertThat(TaskIds.isPossible("wal-")).isFalse();
  }

  private static List<String> paths(String id) {
    List<String> paths = new ArrayList<>();
    for (String op : List.of("detail", "abort", "retry", "del")) {
      paths.add("/hbase/fulldata/" + id + "/" + op);
    }
    for (String op : List.of("detai", "detail", "abort", "retry", "del")) {
      paths.add("/hbase/incr/" + id + "/" + op);
    }
    paths.add("/hbase/incr/update");
    return paths;
  }
}
