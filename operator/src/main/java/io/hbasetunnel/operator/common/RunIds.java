package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The run (the contract's {@code --task-id}, else {@code --sync-id}) a worker Job or Deployment
 * works for, as the operator recorded it when it made the object: the {@link #ANNOTATION}, taken
 * from the typed command, never read back from the container's arguments.
 */
public final class RunIds {
  public static final String ANNOTATION = WorkerJobs.RUN_ID;

  private RunIds() {}

  /** Records {@code runId} on {@code workload} (null: nothing). */
  public static <T extends HasMetadata> T stamp(T workload, String runId) {
    if (runId != null) {
      var annotations = workload.getMetadata().getAnnotations() == null ? new HashMap<String, String>()
          : new HashMap<>(workload.getMetadata().getAnnotations());
      annotations.put(ANNOTATION, runId);
      workload.getMetadata().setAnnotations(annotations);
    }
    return workload;
  }

  /** The run {@code workload} works for. */
  public static Optional<String> of(HasMetadata workload) {
    var annotations = workload.getMetadata().getAnnotations();
    String recorded = annotations == null ? null : annotations.get(ANNOTATION);
    return recorded != null ? Optional.of(recorded) : preAnnotation(workload);
  }

  /**
   * An object made by an operator from before the annotation (0.1.0 snapshots without it) carries
   * its run in its worker's flags only; this is the one place that reads them, for such objects.
   */
  private static Optional<String> preAnnotation(HasMetadata workload) {
    PodTemplateSpec template = workload instanceof Job job ? job.getSpec().getTemplate()
        : workload instanceof Deployment deployment ? deployment.getSpec().getTemplate() : null;
    if (template == null || template.getSpec() == null) {
      return Optional.empty();
    }
    for (String flag : List.of("--task-id", "--sync-id")) {
      for (Container container : template.getSpec().getContainers()) {
        List<String> command = WorkerPods.CONTAINER.equals(container.getName()) ? container.getCommand() : null;
        int at = command == null ? -1 : command.indexOf(flag);
        if (at >= 0 && at + 1 < command.size()) {
          return Optional.of(command.get(at + 1));
        }
      }
    }
    return Optional.empty();
  }
}
