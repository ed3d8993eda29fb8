package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lombok.Data;

/** What every task status has: state, observed generation, conditions, times and a message. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class TaskStatus {
  private TaskState state;
  private Long observedGeneration;
  /** Ready, Progressing, Degraded, Paused (Strimzi/Kubernetes condition shape). */
  private List<Condition> conditions = new ArrayList<>();
  /** RFC 3339. */
  private String startTime;
  private String endTime;
  /** What happened last, in words a user can act on. */
  private String message;
  /** The retryNonce the current attempt answers, so a new nonce is noticed once. */
  private String observedRetryNonce;
  /**
   * The last spec that passed validation, as the operator acts on it: a spec made invalid while
   * the task runs is reported (Degraded, reason InvalidSpec) and the work goes on with this one
   * (with the current spec's paused and retryNonce).
   */
  @PreserveUnknownFields
  private Map<String, Object> lastValidSpec;
}
