package io.hbasetunnel.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.contract.naming.SourceNames;
import io.hbasetunnel.contract.naming.TaskIds;

/**
 * What identifies the things the operator hands out. A table is its source and target names
 * (never its position in the spec's list), so reordering the list renames nothing. A run of a
 * task is its resource's {@code metadata.uid}: a task deleted and created again under the same
 * name gets a new snapshot, staging directory, sync id and WAL pin, so its predecessor's cleanup
 * (which may still be running) cannot remove what the new one uses. The rules are the contract's
 * ({@link TaskIds}); this reads them off the resources.
 */
public final class TaskIdentity {
  private TaskIdentity() {}

  /** 10 hex characters from the table's source and target names. */
  public static String tableKey(String source, String target) {
    return TaskIds.tableKey(source, target);
  }

  public static String tableKey(TableSpec table) {
    return tableKey(table.getName(), table.effectiveTargetName());
  }

  /**
   * {@code <name>-<12 hex of the uid>}: the worker's {@code --task-id} (snapshot and staging
   * directory names) and {@code --sync-id} (checkpoint row and WAL pin). Two resources whose
   * names differ only in punctuation ({@code a-b}, {@code a.b}) still differ here, even after
   * the worker drops the punctuation for the replication peer id.
   */
  public static String runId(HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    if (uid == null || uid.isEmpty()) {
      throw new IllegalStateException(owner.getKind() + " " + owner.getMetadata().getName() + " has no metadata.uid yet");
    }
    return TaskIds.runId(owner.getMetadata().getName(), uid);
  }

  /** The replication peer that pins the source's WALs (the contract's SourceNames, which the worker uses too). */
  public static String walPinPeerId(String syncId) {
    return SourceNames.walPinPeerId(syncId);
  }
}
