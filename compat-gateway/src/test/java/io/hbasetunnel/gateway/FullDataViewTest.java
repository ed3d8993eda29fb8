package io.hbasetunnel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hbasetunnel.api.v1alpha1.FollowOnStatus;
import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationStatus;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** inrcJobs lists the follow-on IncrementalSync of a migration (extraAttrs.incrementalFollowOn). */
class FullDataViewTest {
  @Test
  void inrcJobsNamesTheFollowOnSync() {
    FullDataMigration task = new FullDataMigration();
    task.setMetadata(new ObjectMetaBuilder().withName("workflow-1").build());
    FullDataMigrationSpec spec = new FullDataMigrationSpec();
    spec.setSource("hbase1");
    spec.setDestination("hbase2");
    spec.setTables(List.of(new TableSpec("t1")));
    task.setSpec(spec);
    assertThat(FullDataView.render(task, Map.of()).get("inrcJobs")).isEqualTo(List.of());

    FullDataMigrationStatus status = new FullDataMigrationStatus();
    status.setState(TaskState.RUNNING);
    FollowOnStatus followOn = new FollowOnStatus();
    followOn.setSyncName("workflow-1-sync");
    followOn.setState(TaskState.RUNNING);
    status.setFollowOn(followOn);
    task.setStatus(status);
    assertThat(FullDataView.render(task, Map.of()).get("inrcJobs"))
        .isEqualTo(List.of(Map.of("jobName", "workflow-1-sync", "state", "RUNNING")));
  }
}
