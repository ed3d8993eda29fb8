package io.hbasetunnel.worker.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptor;

/**
 * Keeps delete markers on a destination table while a follow-on sync catches up. A delete written
 * before the sync's start time arrives with the copy only; a put written later at or below its
 * timestamp is masked on the source as long as the marker lives there. If the destination
 * major-compacted the marker away before the replay applied that put, the put would be visible
 * on the destination only. A per-family {@code hbase.hstore.time.to.purge.deletes} of a century
 * makes every compaction keep markers; {@link #restore} puts the source's setting back.
 */
public final class DeleteRetention {
  /** Read by HBase's ScanInfo from the family's configuration (over the table's and the cluster's). */
  public static final String KEY = "hbase.hstore.time.to.purge.deletes";
  /** 100 years: a marker whose timestamp is newer than now minus this survives every compaction. */
  public static final String RETAIN = String.valueOf(100L * 365 * 24 * 3600 * 1000);

  private DeleteRetention() {}

  /** The family as created for a follow-on sync: retaining delete markers. */
  public static ColumnFamilyDescriptor retaining(ColumnFamilyDescriptor family) {
    return ColumnFamilyDescriptorBuilder.newBuilder(family).setConfiguration(KEY, RETAIN).build();
  }

  public static boolean retains(ColumnFamilyDescriptor family) {
    return RETAIN.equals(family.getConfigurationValue(KEY));
  }

  /**
   * Makes the existing table's families (all when {@code families} is empty) retain delete
   * markers; families that already do are left alone (no region reopens on a rerun).
   *
   * @return the families changed
   */
  public static List<String> retain(Admin admin, TableName table, Set<String> families) throws IOException {
    List<String> changed = new ArrayList<>();
    for (ColumnFamilyDescriptor family : admin.getDescriptor(table).getColumnFamilies()) {
      if ((families.isEmpty() || families.contains(family.getNameAsString())) && !retains(family)) {
        admin.modifyColumnFamily(table, retaining(family));
        changed.add(family.getNameAsString());
      }
    }
    return changed;
  }

  /**
   * Gives every destination family that carries our retention back the source family's own
   * setting (or none); a setting the user chose since is left alone.
   *
   * @return the families changed
   */
  public static List<String> restore(Admin source, TableName sourceTable, Admin destination, TableName targetTable)
      throws IOException {
    TableDescriptor from = source.tableExists(sourceTable) ? source.getDescriptor(sourceTable) : null;
    List<String> changed = new ArrayList<>();
    for (ColumnFamilyDescriptor family : destination.getDescriptor(targetTable).getColumnFamilies()) {
      if (!retains(family)) {
        continue;
      }
      ColumnFamilyDescriptor original = from == null ? null : from.getColumnFamily(family.getName());
      String value = original == null ? null : original.getConfigurationValue(KEY);
      ColumnFamilyDescriptorBuilder restored = ColumnFamilyDescriptorBuilder.newBuilder(family);
      if (value == null) {
        restored.removeConfiguration(KEY);
      } else {
        restored.setConfiguration(KEY, value);
      }
      destination.modifyColumnFamily(targetTable, restored.build());
      changed.add(family.getNameAsString());
    }
    return changed;
  }
}
