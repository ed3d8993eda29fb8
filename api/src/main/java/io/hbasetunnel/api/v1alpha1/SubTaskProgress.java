package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.Data;

/** Progress of a copy sub-task as the workers report it. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubTaskProgress {
  /** Work units (source regions) finished. */
  private Integer unitsDone;
  private Integer unitsTotal;
  private Long rows;
  private Long bytes;
  private Double mbPerSecond;
  /** Estimated seconds left. */
  private Long etaSeconds;
}
