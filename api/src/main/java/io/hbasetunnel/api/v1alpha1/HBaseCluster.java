package io.hbasetunnel.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A registered data source (the LTS cluster name, e.g. {@code hbase1}). */
@Group(FullDataMigration.GROUP)
@Version(FullDataMigration.VERSION)
@ShortNames({"hbc"})
@AdditionalPrinterColumn(name = "Quorum", jsonPath = ".spec.zookeeperQuorum", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reachable", jsonPath = ".status.reachable", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.hbaseVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class HBaseCluster extends CustomResource<HBaseClusterSpec, HBaseClusterStatus>
    implements Namespaced {}
