package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.Data;

/** The sub-tasks of one table in a full migration. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableMigrationStatus {
  private String table;
  private String targetTable;
  private SubTask schemeTask;
  private SubTask fullTask;
  /** Absent when {@code bulkload=false}. */
  private SubTask bulkloadTask;
  /** worker verify after the copy (absent with verify mode NONE). */
  private SubTask verifyTask;
  private VerifyResult verify;
}
