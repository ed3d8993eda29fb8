package io.hbasetunnel.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An LTS "incr" task: apply the source's WAL edits to the destination until switch-over. */
@Group(FullDataMigration.GROUP)
@Version(FullDataMigration.VERSION)
@ShortNames({"isync", "incr"})
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Tables", jsonPath = ".spec.tables[*].name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Lag-ms", jsonPath = ".status.lagMs", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Synced", jsonPath = ".status.syncDate", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class IncrementalSync extends CustomResource<IncrementalSyncSpec, IncrementalSyncStatus>
    implements Namespaced {
  /** LTS channel ids of this kind: {@code wal-<32 hex>}. */
  public static final String ID_PREFIX = "wal-";
}
