package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.SubTask;
import io.hbasetunnel.api.v1alpha1.TableMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * GET /hbase/fulldata with 1,000 tasks: p50/p99 latency over real HTTP. Run by hand:
 * {@code mvn -pl compat-gateway -am test -Pbench -Dtest=ListLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
@EnableKubernetesMockClient(crud = true)
class ListLatencyBenchmark {
  static KubernetesClient client;

  @Test
  void listOfAThousandTasks() throws Exception {
    try (GatewayFixture gateway = GatewayFixture.open(client)) {
      for (int i = 0; i < 1000; i++) {
        FullDataMigration task = new FullDataMigration();
        String id = "workflow-" + TaskIds.hex();
        task.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace(GatewayFixture.NAMESPACE).build());
        FullDataMigrationSpec spec = new FullDataMigrationSpec();
        spec.setSource("hbase1");
        spec.setDestination("hbase2");
        spec.setTables(List.of(new TableSpec("t" + i), new TableSpec("ns:u" + i)));
        task.setSpec(spec);
        FullDataMigrationStatus status = new FullDataMigrationStatus();
        status.setState(TaskState.RUNNING);
        for (TableSpec table : spec.getTables()) {
          TableMigrationStatus t = new TableMigrationStatus();
          t.setTable(table.getName());
          t.setSchemeTask(new SubTask(java.util.UUID.randomUUID().toString(), TaskState.SUCCEEDED));
          t.setFullTask(new SubTask("fulldata-" + TaskIds.hex(), TaskState.RUNNING));
          t.setBulkloadTask(new SubTask("bulkload-" + TaskIds.hex(), TaskState.PENDING));
          status.getTables().add(t);
        }
        task.setStatus(status);
        client.resources(FullDataMigration.class).inNamespace(GatewayFixture.NAMESPACE).resource(task).create();
      }
      for (int i = 0; i < 20; i++) {
        gateway.send("GET", "/hbase/fulldata", null, null);
      }
      long[] nanos = new long[200];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        GatewayFixture.Answer answer = gateway.send("GET", "/hbase/fulldata", null, null);
        nanos[i] = System.nanoTime() - start;
        assertThat(answer.body().get("tunnels").size()).isEqualTo(1000);
      }
      Arrays.sort(nanos);
      System.out.printf("GET /hbase/fulldata, 1000 tasks, %d calls: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          nanos.length, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6);
    }
  }
}
