package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.Data;

/** Counters of one table in an incremental sync. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableSyncStatus {
  private String table;
  private String targetTable;
  private SubTask schemeTask;
  private Long puts;
  private Long deletes;
  /** Ranges written by bulk load on the source, which never reach a WAL and need a full re-copy. */
  private Long bulkLoadsDetected;
}
