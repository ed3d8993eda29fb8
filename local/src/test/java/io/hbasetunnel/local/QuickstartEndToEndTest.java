package io.hbasetunnel.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbasetunnel.local.hbase.LocalHBase;
import io.hbasetunnel.local.hbase.SampleData;
import io.hbasetunnel.worker.WorkerMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The quickstart as a user meets it: started in this JVM (worker and gateway as real child processes),
 * then the LTS walk-through with real curl, the copy verified cell by cell with `worker verify`, and
 * kubectl against the embedded API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // about 2 min on an idle 2-core machine, nearly 4 under a load of 25: room for a busy CI host
  private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(6);
  private static Quickstart quickstart;
  private static String lts;
  private static String taskId;

  @BeforeAll
  static void startQuickstart() throws Exception {
    Instant begin = Instant.now();
    Path workDir = Path.of("target", "quickstart-e2e");
    // a free port rather than 12311, so that a gateway running elsewhere on the machine is no obstacle
    quickstart = Quickstart.start(new QuickstartOptions(workDir, 0, freePort(), true, 0, Launchers.command("worker"),
        Launchers.command("gateway"), "-Xmx512m", "default"));
    lts = quickstart.gatewayUrl();
    System.out.println("READY after " + Duration.between(begin, Instant.now()).toSeconds() + " s: " + lts);
  }

  @AfterAll
  static void stop() {
    if (quickstart != null) {
      quickstart.close();
    }
  }

  @Test
  @Order(1)
  void fullDataMigrationThroughTheLtsApiCopiesEveryCell() throws Exception {
    Instant begin = Instant.now();
    JsonNode created = curl("-s", "-d", "src=hbase1&dst=hbase2&tableNames=t1,t2,t3&bulkload=true&createTable=true",
        "-H", "Content-Type: application/x-www-form-urlencoded", "-X", "POST", lts + "/hbase/fulldata/create");
    assertThat(created.path("success").asText()).as(created.toString()).isEqualTo("true");
    taskId = created.path("message").asText();
    assertThat(taskId).startsWith("workflow-");

    JsonNode task = awaitFinalState(lts + "/hbase/fulldata/" + taskId + "/detail");
    assertThat(task.path("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
    assertThat(task.path("fullJobs")).hasSize(3).allMatch(j -> j.path("state").asText().equals("SUCCEEDED"));
    assertThat(task.path("bulkloadJobs")).hasSize(3).allMatch(j -> j.path("state").asText().equals("SUCCEEDED"));
    System.out.println("migration SUCCEEDED after " + Duration.between(begin, Instant.now()).toSeconds() + " s");

    Map<String, Object> source = LocalHBase.address(quickstart.hbase().source());
    Map<String, Object> destination = LocalHBase.address(quickstart.hbase().destination());
    for (String table : SampleData.TABLES) {
      int exit = WorkerMain.run("verify", "--source-zk", zk(source), "--destination-zk", zk(destination), "--table", table);
      assertThat(exit).as("worker verify of " + table + " (0 = identical, 3 = differences)").isZero();
      try (var scanner = quickstart.hbase().destination().table(table).getScanner(new org.apache.hadoop.hbase.client.Scan())) {
        assertThat(scanner.next()).as("destination " + table + " has rows").isNotNull();
      }
    }
  }

  @Test
  @Order(2)
  void kubectlSeesTheMigrationThroughTheEmbeddedApi() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    String out = run(List.of("kubectl", "--kubeconfig", quickstart.kubeconfig().toString(), "get", "fdm,hbc,jobs"));
    assertThat(out).contains("hbase1", "hbase2");
    if (taskId != null) {
      assertThat(out).contains(taskId);
    }
  }

  private static JsonNode awaitFinalState(String detailUrl) throws Exception {
    Instant deadline = Instant.now().plus(MIGRATION_TIMEOUT);
    JsonNode task = null;
    while (Instant.now().isBefore(deadline)) {
      task = curl("-s", detailUrl).path("tunnels").path(0);
      String state = task.path("state").asText();
      if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("KILLED")) {
        return task;
      }
      Thread.sleep(2000);
    }
    fail("migration not finished after " + MIGRATION_TIMEOUT + ": " + task);
    return task;
  }

  private static JsonNode curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl"));
    command.addAll(List.of(args));
    return JSON.readTree(run(command));
  }

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(command + ": " + text).isZero();
    return text;
  }

  private static String zk(Map<String, Object> address) {
    return address.get("zookeeperQuorum") + ":" + address.get("zookeeperPort") + ":" + address.get("znodeParent");
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
