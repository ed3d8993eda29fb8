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

/**
 * The pod template of every worker: the worker command, the two cluster configs mounted
 * read-only, and the operator's worker pod settings (resources, JAVA_OPTS, node selector,
 * tolerations, service account).
 */
public final class WorkerPods {
  public static final String CONTAINER = "worker";
  public static final String TERMINATION_LOG = "/dev/termination-log";

  private WorkerPods() {}

  /** One directory per cluster: hbase-site.xml (+ krb5.conf) and, for Kerberos clusters, the keytab. */
  private static io.fabric8.kubernetes.api.model.Volume clusterConf(String volume, String cluster) {
    return new VolumeBuilder().withName(volume).withNewProjected()
        .addNewSource().withNewConfigMap().withName(WorkerSettings.configMapName(cluster)).endConfigMap().endSource()
        .addNewSource().withNewSecret().withName(WorkerSettings.keytabSecretName(cluster)).withOptional(true).endSecret().endSource()
        .endProjected().build();
  }

  public static PodTemplateSpec template(WorkerSettings settings, Map<String, String> labels, String source,
      String destination, WorkerCommand worker, List<EnvVar> env, String restartPolicy) {
    List<String> command = new ArrayList<>(settings.command());
    command.addAll(worker.args());
    WorkerPodSettings pod = settings.pod() == null ? WorkerPodSettings.NONE : settings.pod();
    List<EnvVar> allEnv = new ArrayList<>(env);
    if (pod.javaOpts() != null) {
      // bin/hbase-tunnel adds JAVA_OPTS after its defaults (-Xmx1g for the worker)
      allEnv.add(new EnvVar("JAVA_OPTS", pod.javaOpts(), null));
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec()
        .withRestartPolicy(restartPolicy)
        .withServiceAccountName(settings.serviceAccount())
        // left out when empty, so pods (and the wal-sync spec hash) are as before these settings
        .withNodeSelector(pod.nodeSelector() == null || pod.nodeSelector().isEmpty() ? null : pod.nodeSelector())
        .withTolerations(pod.tolerations() == null || pod.tolerations().isEmpty() ? null : pod.tolerations())
        .withContainers(new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(settings.image())
            .withCommand(command)
            .withEnv(allEnv)
            .withResources(pod.resources())
            // the worker writes its last progress report here; Kubernetes puts it in the Pod status
            .withTerminationMessagePath(TERMINATION_LOG)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withVolumeMounts(
                new VolumeMountBuilder().withName("source-conf").withMountPath(WorkerSettings.CONF_ROOT + "/source")
                    .withReadOnly(true).build(),
                new VolumeMountBuilder().withName("destination-conf").withMountPath(WorkerSettings.CONF_ROOT + "/destination")
                    .withReadOnly(true).build())
            .build())
        .withVolumes(clusterConf("source-conf", source), clusterConf("destination-conf", destination))
        .endSpec()
        .build();
  }
}
