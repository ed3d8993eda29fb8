package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;

/**
 * The controllers' Events about a task's Jobs and pods ({@code FailedCreate}, {@code FailedMount}):
 * the only sign of pods that are never created or never start. Events carry no labels, so one is
 * mapped to its task through the Job or pod it is about, found in the task's own informer caches.
 */
public final class WorkerEvents {
  private static final Set<String> REASONS = Set.of(StuckWorkers.FAILED_CREATE, StuckWorkers.FAILED_MOUNT);

  private WorkerEvents() {}

  public static <P extends HasMetadata> InformerEventSource<Event, P> source(Class<P> primary, EventSourceContext<P> context,
      InformerEventSource<Job, P> jobs, InformerEventSource<Pod, P> pods) {
    var config = InformerEventSourceConfiguration.from(Event.class, primary)
        .withName(primary.getSimpleName() + "-worker-events")
        .withSecondaryToPrimaryMapper(event -> owner(event, jobs, pods))
        .build();
    return new InformerEventSource<>(config, context);
  }

  private static Set<ResourceID> owner(Event event, InformerEventSource<Job, ?> jobs, InformerEventSource<Pod, ?> pods) {
    var about = event.getInvolvedObject();
    if (about == null || about.getName() == null || !REASONS.contains(event.getReason())) {
      return Set.of();
    }
    String namespace = about.getNamespace() != null ? about.getNamespace() : event.getMetadata().getNamespace();
    ResourceID id = new ResourceID(about.getName(), namespace);
    return switch (about.getKind() == null ? "" : about.getKind()) {
      case "Job" -> jobs.get(id).map(Labels::owningTask).orElse(Set.of());
      case "Pod" -> pods.get(id).map(Labels::owningTask).orElse(Set.of());
      default -> Set.of();
    };
  }
}
