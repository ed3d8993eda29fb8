package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.hbasetunnel.api.v1alpha1.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spec made invalid while its task runs (an edit mapping two tables to one target...) does not
 * stop or change what runs: the operator keeps acting on the last spec that passed validation,
 * kept in {@code status.lastValidSpec}, with the current spec's pause and retry, and says so with
 * Degraded (reason InvalidSpec) and one Warning event per distinct problem.
 */
public final class LastValidSpec {
  public static final String REASON = "InvalidSpec";
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private LastValidSpec() {}

  public static void record(TaskStatus status, Object spec) {
    status.setLastValidSpec(JSON.convertValue(spec, new TypeReference<Map<String, Object>>() {}));
  }

  public static <S> Optional<S> of(TaskStatus status, Class<S> type) {
    return status.getLastValidSpec() == null ? Optional.empty() : Optional.of(JSON.convertValue(status.getLastValidSpec(), type));
  }

  /** Whether Degraded already reports this problem (it was announced): read before a pass resets the conditions. */
  public static boolean marked(List<Condition> conditions, String problem) {
    return conditions.stream().anyMatch(c -> Conditions.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus())
        && REASON.equals(c.getReason()) && c.getMessage() != null && c.getMessage().contains(": " + problem + ";"));
  }

  /** Degraded=True, reason InvalidSpec, with the problem and what the operator does meanwhile. */
  public static void markDegraded(List<Condition> conditions, String problem, Long generation) {
    Conditions.set(conditions, Conditions.DEGRADED, true, REASON, "spec generation " + generation + " is invalid: " + problem
        + "; running on with the last valid spec until it is fixed", generation);
  }
}
