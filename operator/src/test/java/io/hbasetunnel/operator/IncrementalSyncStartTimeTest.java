package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a sync's capture starts: without extraAttrs.startTime the workers get --start-time = the
 * resource's creationTimestamp, so writes made after the create but before the first worker runs
 * are applied (the worker's own default, its start, would skip them).
 */
@EnableKubernetesMockClient(crud = true)
class IncrementalSyncStartTimeTest {
  static KubernetesClient client;
  @RegisterExtension
  static final RunningOperator OPERATOR = RunningOperator.withClusters();

  @Test
  void withoutAStartTimeCaptureStartsWhenTheResourceWasCreated() {
    IncrementalSync created = create("fresh", spec -> { });
    long creation = OffsetDateTime.parse(created.getMetadata().getCreationTimestamp()).toInstant().toEpochMilli();
    assertThat(startTime(awaitDeployment("fresh"))).isEqualTo(String.valueOf(creation));
  }

  @Test
  void anExplicitStartTimeWins() {
    create("explicit", spec -> spec.getExtraAttrs().setStartTime(1_700_000_000_000L));
    assertThat(startTime(awaitDeployment("explicit"))).isEqualTo("1700000000000");
  }

  @Test
  void anArmedSyncKeepsTheStartTimeItsArmRecorded() {
    create("armed", spec -> spec.setArmedSyncId("fdm-armed-0123456789ab"));
    Deployment deployment = awaitDeployment("armed");
    assertThat(args(deployment)).doesNotContain("--start-time");
    assertThat(args(deployment)).containsSequence("--sync-id", "fdm-armed-0123456789ab");
  }

  private static IncrementalSync create(String name, Consumer<IncrementalSyncSpec> adjust) {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(OperatorFixture.NAMESPACE).build());
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1")));
    spec.setCreateTable(false);
    spec.setExtraAttrs(new ExtraAttrs());
    adjust.accept(spec);
    sync.setSpec(spec);
    IncrementalSync stored = client.resource(sync).create();
    assertThat(stored.getMetadata().getCreationTimestamp()).as("the API server stamps creationTimestamp").isNotNull();
    return stored;
  }

  private static Deployment awaitDeployment(String sync) {
    OperatorFixture.armed(client, sync);
    return await().atMost(Duration.ofSeconds(30)).until(
        () -> client.apps().deployments().inNamespace(OperatorFixture.NAMESPACE).withName(sync + "-wal-sync").get(), d -> d != null);
  }

  private static List<String> args(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
  }

  private static String startTime(Deployment d) {
    List<String> args = args(d);
    assertThat(args).contains("--start-time");
    return args.get(args.indexOf("--start-time") + 1);
  }
}
