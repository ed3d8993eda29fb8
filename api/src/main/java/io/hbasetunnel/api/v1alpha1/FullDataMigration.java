package io.hbasetunnel.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An LTS "fulldata" task: copy tables from one HBaseCluster to another from a snapshot. */
@Group(FullDataMigration.GROUP)
@Version(FullDataMigration.VERSION)
@ShortNames({"fdm", "fulldata"})
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Tables", jsonPath = ".spec.tables[*].name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FullDataMigration extends CustomResource<FullDataMigrationSpec, FullDataMigrationStatus>
    implements Namespaced {
  public static final String GROUP = "hbasetunnel.io";
  public static final String VERSION = "v1alpha1";
  /** LTS task ids of this kind: {@code workflow-<32 hex>}. */
  public static final String ID_PREFIX = "workflow-";
}
