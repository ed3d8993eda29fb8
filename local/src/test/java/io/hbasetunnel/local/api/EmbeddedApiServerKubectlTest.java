package io.hbasetunnel.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hbasetunnel.api.v1alpha1.HBaseCluster;
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

/** kubectl against the embedded API: discovery resolves our short names, and the README's calls work. */
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
