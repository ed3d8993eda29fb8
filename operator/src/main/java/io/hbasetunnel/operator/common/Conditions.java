package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;

/** Sets Kubernetes-style conditions, keeping lastTransitionTime when the status does not change. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String PAUSED = "Paused";

  private Conditions() {}

  public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
      Long generation) {
    String value = status ? "True" : "False";
    Condition existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String since = existing != null && value.equals(existing.getStatus()) ? existing.getLastTransitionTime()
        : Instant.now().toString();
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason)
        .withMessage(message == null ? "" : message).withObservedGeneration(generation)
        .withLastTransitionTime(since).build());
  }
}
