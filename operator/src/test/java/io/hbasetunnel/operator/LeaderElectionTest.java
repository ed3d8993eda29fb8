package io.hbasetunnel.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.hbasetunnel.api.v1alpha1.TaskState;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two operator replicas with a Lease: only the leader reconciles; the other takes over when it stops. */
class LeaderElectionTest {
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void mockServerThatGrantsLeases() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    server.init();
    // the permission check JOSDK makes before it campaigns for the Lease
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
            .withResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                .withVerbs("*").build()).endStatus().build())
        .always();
    client = server.createClient();
    OperatorFixture.loadCrds(client);
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.destroy();
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOver() throws Exception {
    HBaseTunnelOperator a = new HBaseTunnelOperator(client, OperatorFixture.settings("hbase-tunnel-operator", "replica-a")).start();
    await().atMost(Duration.ofSeconds(30)).until(() -> holder() != null);
    assertThat(holder()).isEqualTo("replica-a");
    HBaseTunnelOperator b = new HBaseTunnelOperator(client, OperatorFixture.settings("hbase-tunnel-operator", "replica-b")).start();
    try {
      OperatorFixture.clusters(client);
      client.resource(FullDataMigrationReconcilerTest.migration("led-1", true, true, 1)).create();
      await().until(() -> state("led-1") == TaskState.RUNNING);
      assertThat(a.metrics().scrape()).contains("hbasetunnel_reconcile_seconds");
      assertThat(b.metrics().scrape()).as("the follower reconciles nothing").doesNotContain("hbasetunnel_reconcile_seconds");

      a.close();
      await().atMost(Duration.ofSeconds(60)).until(() -> "replica-b".equals(holder()));
      client.resource(FullDataMigrationReconcilerTest.migration("led-2", true, true, 1)).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> state("led-2") == TaskState.RUNNING);
      assertThat(b.metrics().scrape()).contains("hbasetunnel_reconcile_seconds");
    } finally {
      b.close();
    }
  }

  private String holder() {
    Lease lease = client.leases().inNamespace(OperatorFixture.NAMESPACE).withName("hbase-tunnel-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private TaskState state(String name) {
    FullDataMigration task = client.resources(FullDataMigration.class).inNamespace(OperatorFixture.NAMESPACE).withName(name).get();
    return task == null || task.getStatus() == null ? null : task.getStatus().getState();
  }
}
