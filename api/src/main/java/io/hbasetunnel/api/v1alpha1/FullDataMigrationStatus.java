package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.ToString;

/** What the operator knows of a full migration. */
@Data
@EqualsAndHashCode(callSuper = true)
@ToString(callSuper = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FullDataMigrationStatus extends TaskStatus {
  /**
   * The workers' --task-id of this run (snapshot and staging directory names, the follow-on's
   * sync id), recorded on the first pass: an operator of another version keeps it, so a copy in
   * flight is never restarted under a new name.
   */
  private String runId;
  private List<TableMigrationStatus> tables = new ArrayList<>();
  /** Units done/total over all tables, e.g. {@code 12/40}, for the printer column. */
  private String progress;
  /** Snapshot time (ms) of the copy: where an incremental follow-on starts. */
  private Long snapshotTime;
  /** The follow-on sync, with extraAttrs.incrementalFollowOn. */
  private FollowOnStatus followOn;
}
