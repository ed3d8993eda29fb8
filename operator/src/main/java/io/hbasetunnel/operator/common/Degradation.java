package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Why a task that has not failed is not well: a CamelCase reason (the Degraded condition's and its
 * Warning event's) and a message that names what to fix.
 */
public record Degradation(String reason, String message) {
  /**
   * Sets Degraded=True; true when that is news, so the caller records one Warning event per
   * distinct problem, not one per pass. The same reason about the same thing (the message's part
   * before its first ": ", e.g. "Job x cannot create its pods (FailedCreate)") is no news when only
   * the detail changes: a controller's retries name a new pod each time.
   */
  public boolean mark(List<Condition> conditions, Long generation) {
    boolean known = conditions.stream().anyMatch(c -> Conditions.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus())
        && reason.equals(c.getReason()) && subject(message).equals(subject(c.getMessage())));
    Conditions.set(conditions, Conditions.DEGRADED, true, reason, message, generation);
    return !known;
  }

  private static String subject(String message) {
    int colon = message == null ? -1 : message.indexOf(": ");
    return message == null ? "" : colon < 0 ? message : message.substring(0, colon);
  }
}
