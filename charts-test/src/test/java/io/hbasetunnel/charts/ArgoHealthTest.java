package io.hbasetunnel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.charts.LuaHealth.Health;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Argo CD health scripts against status objects shaped as the operator writes them (src/test/resources/argocd). */
class ArgoHealthTest {
  private static final Path SCRIPTS = ProjectFiles.CHART.resolve("argocd");

  @Test
  void fullDataMigrations() {
    Map<String, Health> expected = new LinkedHashMap<>();
    expected.put("just-created", new Health("Progressing", "waiting for the operator"));
    expected.put("waiting-for-clusters", new Health("Progressing",
        "HBaseCluster hbase2 is not reachable yet (last probe: connection refused); waiting"));
    expected.put("copying", new Health("Progressing", "copying 12/40 units"));
    expected.put("copied", new Health("Healthy", "all 1 tables copied"));
    expected.put("copy-failed", new Health("Degraded",
        "fulldata-2c3d4e5f60718293a4b5c6d7e8f90a1b failed: table default:t9 not found on the source; fix the cause, then retry"));
    expected.put("pod-cannot-start", new Health("Degraded",
        "pod copying-t0-copy-0-x7k2p cannot start: ImagePullBackOff (image ghcr.io/hbase-tunnel/hbase-tunnel:0.1.9)"));
    expected.put("verification-failed", new Health("Degraded",
        "t1: 3 rows differ between the snapshot and the destination (first: row0042)"));
    expected.put("aborted", new Health("Suspended", "paused (abort); retry resumes from the checkpoints"));
    expected.put("retry-not-seen-yet", new Health("Progressing", "the operator has not seen the latest spec yet"));
    check("fulldatamigration-health.lua", "fulldatamigrations.yaml", expected);
  }

  @Test
  void incrementalSyncs() {
    Map<String, Health> expected = new LinkedHashMap<>();
    expected.put("in-sync", new Health("Healthy", "in sync, lag 2 s"));
    expected.put("catching-up", new Health("Progressing", "catching up, lag 3600 s"));
    expected.put("catching-up-within-its-bound", new Health("Healthy", "in sync, lag 3600 s"));
    expected.put("workers-starting", new Health("Progressing", "workers running, no checkpoint reported yet"));
    expected.put("creating-tables", new Health("Progressing", "creating destination tables"));
    expected.put("aborted-sync", new Health("Suspended",
        "paused (abort): workers scaled to zero, the WAL pin stays; retry resumes from the checkpoint"));
    expected.put("schema-failed", new Health("Degraded", "scheme task 5b0e5b7e-6a43-4c55-a4f5-1f2f3c4d5e6f failed: "
        + "destination table t1 exists with other families; fix the cause, then retry"));
    expected.put("paused-before-start", new Health("Suspended", "paused before the operator started it"));
    check("incrementalsync-health.lua", "incrementalsyncs.yaml", expected);
  }

  private static void check(String script, String samples, Map<String, Health> expected) {
    LuaHealth health = new LuaHealth(SCRIPTS.resolve(script));
    List<Map<String, Object>> objects = LuaHealth.documents(ProjectFiles.read(Path.of("src/test/resources/argocd", samples)));
    Map<String, Health> actual = new LinkedHashMap<>();
    for (Map<String, Object> object : objects) {
      @SuppressWarnings("unchecked")
      String name = (String) ((Map<String, Object>) object.get("metadata")).get("name");
      actual.put(name, health.of(object));
    }
    // every sample has an expectation and every expectation a sample
    assertThat(actual).containsExactlyEntriesOf(expected);
  }
}
