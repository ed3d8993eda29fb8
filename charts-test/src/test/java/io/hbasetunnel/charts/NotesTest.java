package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NOTES.txt as `helm install --dry-run` (client only) prints it: the first kubectl and curl commands. */
class NotesTest {
  @Test
  void withoutTokenTheCurlIsPlain() {
    String notes = notes(Map.of());
    assertThat(notes)
        .contains("kubectl -n migrations rollout status deploy/tunnel-hbase-tunnel-operator")
        .contains("kubectl -n migrations port-forward svc/tunnel-hbase-tunnel-gateway 12311:12311")
        .contains("curl http://localhost:12311/hbase/fulldata")
        .doesNotContain("Authorization");
  }

  @Test
  void withATokenTheCurlSendsIt() {
    String notes = notes(Map.of("gateway.auth.existingSecret", "lts-token"));
    assertThat(notes)
        .contains("kubectl -n migrations get secret lts-token -o jsonpath='{.data.token}' | base64 -d")
        .contains("curl -H \"Authorization: Bearer $TOKEN\" http://localhost:12311/hbase/fulldata");
  }

  @Test
  void withoutGatewayNoCurl() {
    assertThat(notes(Map.of("gateway.enabled", false))).doesNotContain("curl").contains("kubectl -n migrations get hbaseclusters");
  }

  private static String notes(Map<String, Object> sets) {
    InstallCommand install = new Helm(ProjectFiles.CHART).install().withName(RenderedChart.RELEASE)
        .withNamespace(RenderedChart.NAMESPACE).dryRun().clientOnly();
    sets.forEach(install::set);
    return install.call().getOutput();
  }
}
