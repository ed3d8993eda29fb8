package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.HBaseCluster;
import io.hbasetunnel.api.v1alpha1.HBaseClusterSpec;
import io.hbasetunnel.operator.cluster.ClusterProbe;
import io.hbasetunnel.operator.cluster.HBaseClusterReconciler;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HBaseCluster status is written when what it says changes, not on every probe: probed every
 * 200 ms here, a cluster whose answer stays the same keeps its resourceVersion; a new answer is
 * written once, with its event.
 */
@EnableKubernetesMockClient(crud = true)
class HBaseClusterStatusTest {
  static KubernetesClient client;
  private static Operator operator;
  private static final AtomicReference<ClusterProbe.Result> ANSWER =
      new AtomicReference<>(new ClusterProbe.Result(true, "2.6.1", "reachable"));
  private static final AtomicInteger PROBES = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    OperatorFixture.loadCrds(client);
    operator = new Operator(o -> o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false).withCloseClientOnStop(false));
    operator.register(new HBaseClusterReconciler(client, props -> {
      PROBES.incrementAndGet();
      return ANSWER.get();
    }, Duration.ofMillis(200), Duration.ofHours(1)), c -> c.settingNamespace(OperatorFixture.NAMESPACE));
    operator.start();
  }

  @AfterAll
  static void stop() {
    operator.stop();
  }

  @Test
  void anUnchangedProbeResultIsNotWrittenAgainAndAChangedOneIsWrittenOnce() {
    HBaseCluster cluster = new HBaseCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("quiet").withNamespace(OperatorFixture.NAMESPACE).build());
    HBaseClusterSpec spec = new HBaseClusterSpec();
    spec.setZookeeperQuorum("zk.quiet.example");
    cluster.setSpec(spec);
    client.resource(cluster).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> get().getStatus() != null && Boolean.TRUE.equals(get().getStatus().getReachable()));
    String written = get().getMetadata().getResourceVersion();
    String probedAt = get().getStatus().getLastProbeTime();
    int probes = PROBES.get();

    await().atMost(Duration.ofSeconds(30)).until(() -> PROBES.get() >= probes + 10);
    assertThat(get().getMetadata().getResourceVersion()).as("10 probes with the same answer, no status write").isEqualTo(written);
    assertThat(get().getStatus().getLastProbeTime()).isEqualTo(probedAt);

    ANSWER.set(new ClusterProbe.Result(false, null, "connection refused: zk.quiet.example:2181"));
    await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(get().getStatus().getReachable()));
    HBaseCluster down = get();
    assertThat(down.getStatus().getMessage()).contains("connection refused");
    assertThat(down.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("Unreachable");
    });
    assertThat(down.getStatus().getLastProbeTime()).isNotEqualTo(probedAt);
    int afterChange = PROBES.get();
    await().atMost(Duration.ofSeconds(30)).until(() -> PROBES.get() >= afterChange + 10);
    assertThat(get().getMetadata().getResourceVersion()).as("the new answer is written once").isEqualTo(down.getMetadata().getResourceVersion());
    assertThat(client.v1().events().inNamespace(OperatorFixture.NAMESPACE).list().getItems().stream()
        .filter(e -> "quiet".equals(e.getInvolvedObject().getName()) && "Unreachable".equals(e.getReason())).count()).isEqualTo(1);
  }

  private static HBaseCluster get() {
    return client.resources(HBaseCluster.class).inNamespace(OperatorFixture.NAMESPACE).withName("quiet").get();
  }
}
