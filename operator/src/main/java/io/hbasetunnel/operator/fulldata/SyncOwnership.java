package io.hbasetunnel.operator.fulldata;

import io.hbasetunnel.api.v1alpha1.FullDataMigration;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.operator.common.SpecHash;
import java.util.HashMap;
import java.util.Map;

/**
 * What a migration owns of its follow-on IncrementalSync's spec, and when it writes it. It owns
 * the fields it sets (clusters, tables with targets, createTable, families, armedSyncId) and
 * rewrites them only when their hash differs from the one it recorded on the sync; it passes
 * its own pause and retry on only when they differ from the last ones it passed on. So an abort
 * or retry made on the sync itself (kubectl, {@code /hbase/incr/<id>/abort|retry}) sticks until
 * the migration is paused, resumed or retried.
 */
final class SyncOwnership {
  /** On the sync: the hash of the owned fields as the migration last wrote them. */
  static final String OWNED_HASH = "hbasetunnel.io/follow-on-owned-hash";
  /** On the sync: the migration's pause and retry nonce as it last passed them on. */
  static final String CONTROL = "hbasetunnel.io/follow-on-control";

  private SyncOwnership() {}

  /** The migration's pause and retry, as recorded on the sync. */
  record Control(boolean paused, String retryNonce) {
    static Control of(FullDataMigration task) {
      return new Control(Boolean.TRUE.equals(task.getSpec().getPaused()), task.getSpec().getRetryNonce());
    }

    String encoded() {
      return "paused=" + paused + ",retryNonce=" + (retryNonce == null ? "" : retryNonce);
    }
  }

  /** A new sync: the owned fields and the control, both recorded. */
  static void create(IncrementalSync sync, IncrementalSyncSpec owned, Control control) {
    IncrementalSyncSpec spec = new IncrementalSyncSpec();
    sync.setSpec(spec);
    update(sync, owned, control);
  }

  /** Whether {@link #update} would change the sync. */
  static boolean outdated(IncrementalSync sync, IncrementalSyncSpec owned, Control control) {
    Map<String, String> annotations = annotations(sync);
    return !SpecHash.of(owned).equals(annotations.get(OWNED_HASH)) || !control.encoded().equals(annotations.get(CONTROL));
  }

  /**
   * Writes the owned fields if the migration's changed since it last wrote them, and its pause
   * and retry nonce if either changed since it last passed them on; anything else on the sync,
   * and a pause or retry the user made there meanwhile, is left as it is.
   */
  static void update(IncrementalSync sync, IncrementalSyncSpec owned, Control control) {
    Map<String, String> annotations = annotations(sync);
    String hash = SpecHash.of(owned);
    IncrementalSyncSpec spec = sync.getSpec();
    if (!hash.equals(annotations.get(OWNED_HASH))) {
      spec.setSource(owned.getSource());
      spec.setDestination(owned.getDestination());
      spec.setTables(owned.getTables());
      spec.setCreateTable(owned.getCreateTable());
      spec.setExtraAttrs(owned.getExtraAttrs());
      spec.setArmedSyncId(owned.getArmedSyncId());
      annotations.put(OWNED_HASH, hash);
    }
    if (!control.encoded().equals(annotations.get(CONTROL))) {
      spec.setPaused(control.paused());
      spec.setRetryNonce(control.retryNonce());
      annotations.put(CONTROL, control.encoded());
    }
    sync.getMetadata().setAnnotations(annotations);
  }

  private static Map<String, String> annotations(IncrementalSync sync) {
    return sync.getMetadata().getAnnotations() == null ? new HashMap<>() : new HashMap<>(sync.getMetadata().getAnnotations());
  }
}
