package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.Data;
import lombok.NoArgsConstructor;

/** One step of a task (schema, full copy, bulkload), named as LTS names it. */
@Data
@NoArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubTask {
  /** Stable id: {@code fulldata-<hex>}, {@code bulkload-<hex>} or a UUID for schema tasks. */
  private String name;
  private TaskState state;
  private String message;
  private SubTaskProgress progress;
  /** RFC 3339. */
  private String startTime;
  private String endTime;
  /** How many times this sub-task has been started; a retry adds one. */
  private Integer attempts;

  public SubTask(String name, TaskState state) {
    this.name = name;
    this.state = state;
  }
}
