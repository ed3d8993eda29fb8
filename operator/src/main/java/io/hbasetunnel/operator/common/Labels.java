package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Set;

/** Labels the operator puts on what it creates, so informers and cleanup find them. */
public final class Labels {
  public static final String TASK = "hbasetunnel.io/task";
  public static final String KIND = "hbasetunnel.io/kind";
  public static final String SUBTASK = "hbasetunnel.io/subtask";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "hbase-tunnel-operator";

  private Labels() {}

  /** The task a labelled object belongs to, for informer events (secondary -> primary). */
  public static Set<ResourceID> owningTask(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String task = labels == null ? null : labels.get(TASK);
    return task == null ? Set.of() : Set.of(new ResourceID(task, object.getMetadata().getNamespace()));
  }

  public static Map<String, String> of(HasMetadata owner, String subtask) {
    return Map.of(TASK, owner.getMetadata().getName(), KIND, owner.getKind(), SUBTASK, subtask, MANAGED_BY, OPERATOR);
  }
}
