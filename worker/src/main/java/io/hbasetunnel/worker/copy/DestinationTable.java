package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.hbase.Awaited;
import io.hbasetunnel.worker.schema.SchemaCopier;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.hadoop.hbase.TableExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy's destination table: either one that must already exist (checked at once, before
 * anything is staged), or one created from the source's schema, as {@code worker schema} does, in
 * the background while the first units copy ({@code copy --create-table}). Staging byte streams
 * needs no table; writing puts, rewriting files with the target's settings and loading do, and
 * they wait here only then. Created for a bulkload copy, the table compacts only once every unit
 * is loaded ({@link io.hbasetunnel.worker.schema.CompactionDeferral}).
 */
final class DestinationTable {
  private static final Logger LOG = LoggerFactory.getLogger(DestinationTable.class);

  private final TableName name;
  private final CompletableFuture<TableDescriptor> descriptor;
  private volatile double createSeconds;

  private DestinationTable(TableName name, CompletableFuture<TableDescriptor> descriptor) {
    this.name = name;
    this.descriptor = descriptor;
  }

  /** The table must exist with the families to copy; a clear error (exit 2) otherwise. */
  static DestinationTable existing(Connection destination, TableName target, Set<String> families) throws IOException {
    return new DestinationTable(target, CompletableFuture.completedFuture(check(destination, target, families)));
  }

  /** Starts creating the table (if missing) from the source's schema; returns at once. */
  static DestinationTable createInBackground(Connection source, Connection destination, TableName sourceTable,
      TableName target, Set<String> families, Compression.Algorithm compression, boolean deferCompactions) {
    CompletableFuture<TableDescriptor> future = new CompletableFuture<>();
    DestinationTable table = new DestinationTable(target, future);
    Thread creator = new Thread(() -> {
      long start = System.nanoTime();
      try {
        SchemaCopier schema = new SchemaCopier(source, destination);
        SchemaCopier.Outcome outcome;
        try {
          outcome = schema.copy(sourceTable, target, families, compression, false, deferCompactions);
        } catch (TableExistsException e) {
          // another shard created it first: check it has what we need
          outcome = schema.copy(sourceTable, target, families, compression, false, deferCompactions);
        }
        TableDescriptor created = check(destination, target, families);
        table.createSeconds = (System.nanoTime() - start) / 1e9;
        LOG.info("destination table {} {} in {} s", target,
            outcome == SchemaCopier.Outcome.CREATED ? "created" : "already there", String.format("%.1f", table.createSeconds));
        future.complete(created);
      } catch (Throwable e) {
        future.completeExceptionally(e);
      }
    }, "create-table");
    creator.setDaemon(true);
    creator.start();
    return table;
  }

  TableName name() {
    return name;
  }

  /** Waits until the table exists; rethrows what creating it failed with. */
  TableDescriptor await() throws IOException {
    return Awaited.result(descriptor, "the destination table " + name + " was created");
  }

  Map<String, ColumnFamilyDescriptor> families() throws IOException {
    return Arrays.stream(await().getColumnFamilies())
        .collect(Collectors.toMap(ColumnFamilyDescriptor::getNameAsString, f -> f));
  }

  /** Seconds spent creating the table (0 when it existed before the copy). */
  double createSeconds() {
    return createSeconds;
  }

  private static TableDescriptor check(Connection destination, TableName target, Set<String> families)
      throws IOException {
    try (Admin admin = destination.getAdmin()) {
      if (!admin.tableExists(target)) {
        throw WorkerException.badInput("destination table " + target + " does not exist; run"
            + " `worker schema` first, pass --create-table, or create it with the source's families");
      }
      TableDescriptor descriptor = admin.getDescriptor(target);
      for (String family : families) {
        if (!descriptor.hasColumnFamily(Bytes.toBytes(family))) {
          throw WorkerException.badInput("destination table " + target + " has no column family '"
              + family + "'; add it or leave it out of the families to copy");
        }
      }
      return descriptor;
    }
  }
}
