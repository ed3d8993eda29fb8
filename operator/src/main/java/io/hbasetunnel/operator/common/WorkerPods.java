package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pod template of every worker: the worker command, the two cluster configs mounted read-only. */
public final class WorkerPods {
  public static final String CONTAINER = "worker";
  public static final String TERMINATION_LOG = "/dev/termination-log";

  private WorkerPods() {}

  public static PodTemplateSpec template(WorkerSettings settings, Map<String, String> labels, String source,
      String destination, List<String> args, List<EnvVar> env, String restartPolicy) {
    List<String> command = new ArrayList<>(settings.command());
    command.addAll(args);
    return new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec()
        .withRestartPolicy(restartPolicy)
        .withServiceAccountName(settings.serviceAccount())
        .withContainers(new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(settings.image())
            .withCommand(command)
            .withEnv(env)
            // the worker writes its last progress report here; Kubernetes puts it in the Pod status
            .withTerminationMessagePath(TERMINATION_LOG)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withVolumeMounts(
                new VolumeMountBuilder().withName("source-conf").withMountPath(WorkerSettings.CONF_ROOT + "/source")
                    .withReadOnly(true).build(),
                new VolumeMountBuilder().withName("destination-conf").withMountPath(WorkerSettings.CONF_ROOT + "/destination")
                    .withReadOnly(true).build())
            .build())
        .withVolumes(
            new VolumeBuilder().withName("source-conf").withNewConfigMap()
                .withName(WorkerSettings.configMapName(source)).endConfigMap().build(),
            new VolumeBuilder().withName("destination-conf").withNewConfigMap()
                .withName(WorkerSettings.configMapName(destination)).endConfigMap().build())
        .endSpec()
        .build();
  }
}
