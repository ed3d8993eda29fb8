package io.hbasetunnel.worker.schema;

import io.hbasetunnel.worker.hbase.ProcedureWait;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.RegionMetrics;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a table created for a bulkload copy from compacting until every unit is loaded. A source
 * region with as many store files as the compaction threshold (3) arrives in as many load rounds;
 * HBase compacts after the third, rewriting what the next rounds join again, and on the
 * destination's cores while the copy still streams. Tables whose regions hold fewer files are
 * created as they are. The table is created with {@code COMPACTION_ENABLED false}
 * and a marker that holds the value to give back; {@code worker bulkload} (after the last unit),
 * {@code worker cleanup} and every step that writes puts into the table give it back. The marker
 * lives in the table's own descriptor, so whatever a crash interrupts, the next of those steps
 * sees it and restores; restoring twice is restoring once.
 */
public final class CompactionDeferral {
  private static final Logger LOG = LoggerFactory.getLogger(CompactionDeferral.class);
  /** Table attribute: the COMPACTION_ENABLED value to restore ("true" or "false"). */
  public static final String MARKER = "hbasetunnel.compactions.deferred";

  private CompactionDeferral() {}

  /**
   * Whether loading the source's store files as they are would start compactions on the
   * destination: some region holds at least the compaction threshold of files (summed over its
   * families, so this errs towards deferring). One region metrics call per server of the table.
   * Deferring a table whose loads never reach the threshold would only cost the reopen at the end.
   */
  static boolean loadsWouldCompact(Connection source, TableName table, Configuration destination) throws IOException {
    int threshold = destination.getInt("hbase.hstore.compaction.min",
        destination.getInt("hbase.hstore.compactionThreshold", 3));
    Set<ServerName> servers = new HashSet<>();
    try (RegionLocator locator = source.getRegionLocator(table); Admin admin = source.getAdmin()) {
      locator.getAllRegionLocations().forEach(location -> servers.add(location.getServerName()));
      for (ServerName server : servers) {
        for (RegionMetrics region : admin.getRegionMetrics(server, table)) {
          if (region.getStoreFileCount() >= threshold) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The table as created for a bulkload copy: compactions off until {@link #restore}. */
  static TableDescriptor deferring(TableDescriptor table) {
    return TableDescriptorBuilder.newBuilder(table)
        .setValue(MARKER, String.valueOf(table.isCompactionEnabled()))
        .setCompactionEnabled(false)
        .build();
  }

  public static boolean deferred(TableDescriptor table) {
    return table.getValue(MARKER) != null;
  }

  /** {@link #restore} for each of the tables. */
  public static void restoreAll(Admin admin, Collection<TableName> tables) throws IOException {
    for (TableName table : tables) {
      restore(admin, table);
    }
  }

  /**
   * Gives a deferred table its compactions back (reopening its regions, which then ask for the
   * compactions they need); a table without the marker, or gone, is left alone. Compactions
   * turned on by hand meanwhile stay on.
   *
   * @return whether the table was changed
   */
  public static boolean restore(Admin admin, TableName name) throws IOException {
    TableDescriptor table;
    try {
      table = admin.getDescriptor(name);
    } catch (TableNotFoundException e) {
      return false;
    }
    if (!deferred(table)) {
      return false;
    }
    boolean enabled = table.isCompactionEnabled() || Boolean.parseBoolean(table.getValue(MARKER));
    TableDescriptor restored = TableDescriptorBuilder.newBuilder(table)
        .setCompactionEnabled(enabled)
        .removeValue(MARKER)
        .build();
    long start = System.nanoTime();
    ProcedureWait.await(admin.modifyTableAsync(restored), Duration.ofMinutes(10),
        "compactions of " + name + " are turned back on");
    LOG.info("{}: compactions deferred for its bulk load are {} again ({} s, regions reopened)", name,
        enabled ? "on" : "as the source's (off)", String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return true;
  }
}
