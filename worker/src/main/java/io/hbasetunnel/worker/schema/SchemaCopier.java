package io.hbasetunnel.worker.schema;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.hbase.ProcedureWait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceNotFoundException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;

/**
 * Creates the destination table from the source's descriptor: every column-family attribute
 * (versions, TTL, compression, encoding, bloom, block size, in-memory, scope, KEEP_DELETED_CELLS,
 * ...) and the source's region split points, under an optional new name.
 */
public final class SchemaCopier {
  /** What {@link #copy} did. */
  public enum Outcome {
    CREATED,
    /** The table exists with every family asked for: nothing to do. */
    SKIPPED
  }

  private final Connection source;
  private final Connection destination;

  public SchemaCopier(Connection source, Connection destination) {
    this.source = source;
    this.destination = destination;
  }

  /**
   * @param families families to create (empty: all of the source's)
   * @param compression compression for every created family, or null to keep the source's
   */
  public Outcome copy(TableName sourceTable, TableName targetTable, Set<String> families, Compression.Algorithm compression)
      throws IOException {
    return copy(sourceTable, targetTable, families, compression, false, false);
  }

  /**
   * @param retainDeletes create (or make) the families keep delete markers until a follow-on sync
   *     restores the source's setting ({@link DeleteRetention})
   * @param deferCompactions create the table with compactions off until its bulk load ends, when
   *     loading the source's files would start compactions ({@link CompactionDeferral}); an
   *     existing table is left as it is
   */
  public Outcome copy(TableName sourceTable, TableName targetTable, Set<String> families, Compression.Algorithm compression,
      boolean retainDeletes, boolean deferCompactions) throws IOException {
    try (Admin src = source.getAdmin(); Admin dst = destination.getAdmin()) {
      if (!src.tableExists(sourceTable)) {
        throw WorkerException.badInput("source table " + sourceTable + " does not exist; check the name"
            + " ([namespace:]table) and the source cluster");
      }
      TableDescriptor sourceDescriptor = src.getDescriptor(sourceTable);
      List<ColumnFamilyDescriptor> wanted = selectFamilies(sourceDescriptor, families);
      if (dst.tableExists(targetTable)) {
        requireCompatible(dst.getDescriptor(targetTable), wanted, targetTable);
        if (retainDeletes) {
          DeleteRetention.retain(dst, targetTable, families);
        }
        return Outcome.SKIPPED;
      }
      ensureNamespace(dst, targetTable.getNamespaceAsString());
      TableDescriptor target = targetDescriptor(sourceDescriptor, targetTable, wanted, compression, retainDeletes);
      if (deferCompactions && CompactionDeferral.loadsWouldCompact(source, sourceTable, destination.getConfiguration())) {
        target = CompactionDeferral.deferring(target);
      }
      byte[][] splits = splitPoints(src.getRegions(sourceTable));
      ProcedureWait.await(splits.length == 0 ? dst.createTableAsync(target) : dst.createTableAsync(target, splits),
          Duration.ofMinutes(10), "table " + targetTable + " is created");
      return Outcome.CREATED;
    }
  }

  private static List<ColumnFamilyDescriptor> selectFamilies(TableDescriptor table, Set<String> families) {
    Set<String> existing = Arrays.stream(table.getColumnFamilies())
        .map(ColumnFamilyDescriptor::getNameAsString).collect(Collectors.toCollection(TreeSet::new));
    for (String family : families) {
      if (!existing.contains(family)) {
        throw WorkerException.badInput("column family '" + family + "' does not exist in source table "
            + table.getTableName() + "; its families are " + existing);
      }
    }
    return Arrays.stream(table.getColumnFamilies())
        .filter(f -> families.isEmpty() || families.contains(f.getNameAsString()))
        .toList();
  }

  private static void requireCompatible(TableDescriptor existing, Collection<ColumnFamilyDescriptor> wanted,
      TableName targetTable) {
    List<String> missing = new ArrayList<>();
    for (ColumnFamilyDescriptor family : wanted) {
      if (!existing.hasColumnFamily(family.getName())) {
        missing.add(family.getNameAsString());
      }
    }
    if (!missing.isEmpty()) {
      throw WorkerException.badInput("destination table " + targetTable + " exists but lacks column families "
          + missing + "; add them (alter '" + targetTable + "', NAME => '" + missing.get(0) + "'), drop the table,"
          + " or migrate to another target name");
    }
  }

  private static TableDescriptor targetDescriptor(TableDescriptor source, TableName targetTable,
      List<ColumnFamilyDescriptor> families, Compression.Algorithm compression, boolean retainDeletes) {
    TableDescriptorBuilder target = TableDescriptorBuilder.newBuilder(TableDescriptorBuilder.copy(targetTable, source));
    // coprocessors name classes that may not exist on the destination: a region that cannot load
    // one never opens, so they are left for the operator to add deliberately
    source.getCoprocessorDescriptors().forEach(cp -> target.removeCoprocessor(cp.getClassName()));
    for (ColumnFamilyDescriptor family : source.getColumnFamilies()) {
      target.removeColumnFamily(family.getName());
    }
    for (ColumnFamilyDescriptor family : families) {
      ColumnFamilyDescriptorBuilder copy = ColumnFamilyDescriptorBuilder.newBuilder(family);
      if (compression != null) {
        copy.setCompressionType(compression);
      }
      target.setColumnFamily(retainDeletes ? DeleteRetention.retaining(copy.build()) : copy.build());
    }
    return target.build();
  }

  /** The start keys of every region but the first: the table is created with the same regions. */
  static byte[][] splitPoints(List<RegionInfo> regions) {
    return regions.stream()
        .filter(r -> r.getReplicaId() == RegionInfo.DEFAULT_REPLICA_ID && !r.isSplitParent())
        .map(RegionInfo::getStartKey)
        .filter(k -> k.length > 0)
        .sorted(org.apache.hadoop.hbase.util.Bytes.BYTES_COMPARATOR)
        .toArray(byte[][]::new);
  }

  private static void ensureNamespace(Admin admin, String namespace) throws IOException {
    try {
      admin.getNamespaceDescriptor(namespace);
    } catch (NamespaceNotFoundException e) {
      try {
        admin.createNamespace(NamespaceDescriptor.create(namespace).build());
      } catch (org.apache.hadoop.hbase.NamespaceExistException raced) {
        // another copy shard created it at the same time
      }
    }
  }
}
