package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Why a task that has not failed is not well: a CamelCase reason (the Degraded condition's and its
 * Warning event's) and a message that names what to fix.
 */
public record Degradation(String reason, String message) {
  /**
   * Sets Degraded=True; true when that is news (not already degraded for the same thing), so the
   * caller records one Warning event per distinct problem, not one per pass.
   */
  public boolean mark(List<Condition> conditions, Long generation) {
    boolean known = conditions.stream().anyMatch(c -> Conditions.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus())
        && reason.equals(c.getReason()) && message.equals(c.getMessage()));
    Conditions.set(conditions, Conditions.DEGRADED, true, reason, message, generation);
    return !known;
  }
}
