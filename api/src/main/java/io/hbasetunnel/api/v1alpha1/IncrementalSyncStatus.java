package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.ToString;

/** What the operator knows of an incremental sync. */
@Data
@EqualsAndHashCode(callSuper = true)
@ToString(callSuper = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IncrementalSyncStatus extends TaskStatus {
  /** Write time (ms) of the newest WAL entry applied and checkpointed. */
  private Long offset;
  /** When (ms) that checkpoint was written. */
  private Long synctime;
  /** {@code synctime} as {@code yyyy-MM-dd HH:mm:ss}, as LTS shows it. */
  private String syncDate;
  /** now - offset when the workers last reported, in ms. */
  private Long lagMs;
  private Double entriesPerSecond;
  private List<TableSyncStatus> tables = new ArrayList<>();
  /** Id of the replication peer that pins the source's WALs for this sync. */
  private String walPinPeerId;
  /**
   * The arm Job of a standalone sync: it pins the source's WALs from the start time before any
   * worker runs. Absent for a sync armed by its migration or started by an operator without arms.
   */
  private SubTask armTask;
  /** When the WALs were pinned (the arm Job succeeded); the workers start after it. */
  private String armedAt;
}
