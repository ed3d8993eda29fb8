package io.hbasetunnel.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against the embedded API: discovery resolves our short names, the README's calls work,
 * and the shared bad specs are refused as a real API server's CEL rules refuse them.
 */
class EmbeddedApiServerKubectlTest {
  @TempDir
  static Path dir;
  private static EmbeddedApiServer api;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0, "default");
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void applyGetPatchDeleteAnHBaseCluster() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    Path example = Path.of("..", "examples", "hbasecluster.yaml");
    assertThat(kubectl("apply", "--validate=false", "-f", example.toString())).contains("hbasecluster.hbasetunnel.io/hbase1 created");
    assertThat(kubectl("get", "hbc", "-o", "name")).contains("hbasecluster.hbasetunnel.io/hbase1");
    assertThat(kubectl("patch", "hbc", "hbase1", "--type=merge", "-p", "{\"spec\":{\"znodeParent\":\"/hbase-b\"}}")).contains("patched");
    assertThat(api.client().resources(HBaseCluster.class).withName("hbase1").get().getSpec().getZnodeParent()).isEqualTo("/hbase-b");
    assertThat(kubectl("get", "jobs,deployments,pods,configmaps")).contains("No resources found");
    assertThat(kubectl("delete", "hbasecluster", "hbase1")).contains("deleted");
    assertThat(api.client().resources(HBaseCluster.class).withName("hbase1").get()).isNull();
  }

  @Test
  void kubectlApplyOfEveryBadSpecIsRefusedNamingTheField() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode cases = yaml.readTree(Path.of("..", "api", "src", "test", "resources", "invalid-specs.yaml").toFile());
    for (JsonNode c : cases) {
      for (String kind : List.of("FullDataMigration", "IncrementalSync")) {
        ObjectNode manifest = yaml.createObjectNode();
        manifest.put("apiVersion", "hbasetunnel.io/v1alpha1").put("kind", kind);
        manifest.putObject("metadata").put("name", "bad");
        ObjectNode spec = manifest.putObject("spec");
        spec.put("source", c.get("source").asText()).put("destination", c.get("destination").asText());
        spec.set("tables", c.get("tables"));
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml.writeValueAsString(manifest));
        Result applied = run("apply", "--validate=false", "-f", file.toString());
        assertThat(applied.exit()).as(c.get("case").asText() + " " + kind + ": " + applied.out()).isNotZero();
        assertThat(applied.out()).as(c.get("case").asText()).contains("is invalid", c.get("field").asText(), c.get("says").asText());
      }
    }
    assertThat(api.client().resources(FullDataMigration.class).list().getItems()).isEmpty();
    assertThat(api.client().resources(IncrementalSync.class).list().getItems()).isEmpty();
  }

  private record Result(int exit, String out) {}

  private static Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out);
  }

  private static String kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(command + ": " + out).isZero();
    return out;
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
