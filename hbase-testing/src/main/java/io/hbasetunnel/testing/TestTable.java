package io.hbasetunnel.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceNotFoundException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

/** Creates test tables: several families with their own settings, pre-split. */
public final class TestTable {
  private TestTable() {}

  /** Split points {@code row-0000..} style: {@code regions - 1} keys evenly over a keyspace. */
  public static byte[][] evenSplits(int regions, int keyspace) {
    byte[][] splits = new byte[regions - 1][];
    for (int i = 1; i < regions; i++) {
      splits[i - 1] = Bytes.toBytes(TestData.rowKey((long) keyspace * i / regions));
    }
    return splits;
  }

  public static final class Builder {
    private final TestCluster cluster;
    private final TableName name;
    private final List<ColumnFamilyDescriptorBuilder> families = new ArrayList<>();
    private byte[][] splits;

    Builder(TestCluster cluster, TableName name) {
      this.cluster = cluster;
      this.name = name;
    }

    public Builder family(String family) {
      return family(family, f -> f);
    }

    /** A family whose descriptor the caller adjusts (versions, TTL, compression, ...). */
    public Builder family(String family, UnaryOperator<ColumnFamilyDescriptorBuilder> settings) {
      families.add(settings.apply(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(family))));
      return this;
    }

    public Builder splits(byte[][] splitKeys) {
      this.splits = splitKeys;
      return this;
    }

    public TableName create() throws IOException {
      try (Admin admin = cluster.admin()) {
        ensureNamespace(admin, name.getNamespaceAsString());
        TableDescriptorBuilder table = TableDescriptorBuilder.newBuilder(name);
        families.forEach(f -> table.setColumnFamily(f.build()));
        if (splits == null || splits.length == 0) {
          admin.createTable(table.build());
        } else {
          admin.createTable(table.build(), splits);
        }
      }
      return name;
    }

    private static void ensureNamespace(Admin admin, String namespace) throws IOException {
      try {
        admin.getNamespaceDescriptor(namespace);
      } catch (NamespaceNotFoundException e) {
        admin.createNamespace(NamespaceDescriptor.create(namespace).build());
      }
    }
  }
}
