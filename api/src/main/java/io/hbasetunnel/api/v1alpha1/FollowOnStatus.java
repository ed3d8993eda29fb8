package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.Data;

/** The incremental sync that follows a full migration (extraAttrs.incrementalFollowOn). */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FollowOnStatus {
  /** The IncrementalSync the migration owns, {@code <migration>-sync}. */
  private String syncName;
  /** The --sync-id armed before the snapshot; the IncrementalSync runs with it (spec.armedSyncId). */
  private String syncId;
  /** Replication peer pinning the source's WALs from the arm on. */
  private String walPinPeerId;
  /** The arm Job ({@code wal-sync --arm-only}): WALs pinned, start time recorded. */
  private SubTask armTask;
  private Boolean armed;
  /** RFC 3339: when the arm Job succeeded; edits from about then on are applied by the sync. */
  private String armedAt;
  /**
   * True once every table was copied and verified and the operator deleted the copies' snapshots
   * on the source (they would keep every HFile compacted away since in the source's archive).
   */
  private Boolean snapshotsDeleted;
  /** The IncrementalSync's state, absent until it is created. */
  private TaskState state;
  private String message;
}
