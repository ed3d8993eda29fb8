package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.hbase.CellFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbasetunnel.testing.SharedClusters;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.progress.CopyProgress;
import io.hbasetunnel.worker.schema.SchemaCopier;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;
import io.hbasetunnel.worker.hbase.Connections;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both copy paths on two real clusters, checked cell by cell by the verifier: the edge-case
 * table, copied into renamed tables and into a destination split differently from the source.
 */
@SharedClusters
class FullCopyTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static TableName source;
  private static Path staging;
  // the worker's own connections: they carry cell tags, so copies and compares see them
  private static Connection src;
  private static Connection dst;

  @BeforeAll
  static void edgeCaseTable() throws Exception {
    source = EdgeCaseTable.create(CLUSTERS.source(), "edge");
    EdgeCaseTable.splitLeavingReferences(CLUSTERS.source(), source);
    staging = FileSystem.get(CLUSTERS.destination().conf()).makeQualified(new Path("/hbase-tunnel-staging"));
    // The source keeps compactions off (to keep its reference files); so does the destination:
    // a major compaction there would drop delete markers and the cells they mask, which is what
    // HBase does on any cluster but would make the exact (RAW) compare meaningless.
    try (Admin dst = CLUSTERS.destination().admin()) {
      dst.compactionSwitch(false, java.util.List.of());
    }
    src = Connections.open("source", CLUSTERS.source().conf());
    dst = Connections.open("destination", CLUSTERS.destination().conf());
  }

  @AfterAll
  static void closeConnections() throws IOException {
    src.close();
    dst.close();
  }

  @Test
  void schemaCopiesEveryFamilyAttributeAndTheSplitPoints() throws IOException {
    TableName target = TableName.valueOf("schema_ns:edge_schema");
    assertThat(schema().copy(source, target, Set.of(), null)).isEqualTo(SchemaCopier.Outcome.CREATED);
    try (Admin src = CLUSTERS.source().admin(); Admin dst = CLUSTERS.destination().admin()) {
      TableDescriptor from = src.getDescriptor(source);
      TableDescriptor to = dst.getDescriptor(target);
      for (ColumnFamilyDescriptor family : from.getColumnFamilies()) {
        assertThat(ColumnFamilyDescriptor.COMPARATOR.compare(family, to.getColumnFamily(family.getName())))
            .as("family %s", family.getNameAsString()).isZero();
      }
      assertThat(dst.getRegions(target)).hasSameSizeAs(src.getRegions(source).stream().filter(r -> !r.isSplitParent()).toList());
    }
    // again: the table now exists with every family
    assertThat(schema().copy(source, target, Set.of(), null)).isEqualTo(SchemaCopier.Outcome.SKIPPED);
  }

  @Test
  void schemaRefusesAnExistingTableThatLacksAFamily() throws IOException {
    TableName target = TableName.valueOf("edge_partial");
    CLUSTERS.destination().createTable(target.getNameAsString()).family("a").create();
    assertThatThrownBy(() -> schema().copy(source, target, Set.of(), null))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("exists but lacks column families [b, c]");
    assertThatThrownBy(() -> schema().copy(TableName.valueOf("no_such_table"), target, Set.of(), null))
        .hasMessageContaining("source table no_such_table does not exist");
  }

  @Test
  void bulkloadPathCopiesEveryCellIntoARenamedTableWithOtherSplitPoints() throws IOException {
    TableName target = TableName.valueOf("copy_ns:edge_bulk");
    createWithOtherSplits(target);
    CopyProgress progress = copy("workflow-bulk", target, CopyMode.BULKLOAD, CellFilter.ALL);
    assertThat(progress.toMap()).containsEntry("unitsDone", progress.toMap().get("unitsTotal"));
    assertThat((int) progress.toMap().get("unitsTotal")).isGreaterThanOrEqualTo(EdgeCaseTable.REGIONS + 1);
    load("workflow-bulk", target);
    assertIdentical(target, Set.of());
  }

  @Test
  void loadAsStagedCreatesTheTableWhileCopyingAndLoadsEveryUnitExactly() throws IOException {
    TableName target = TableName.valueOf("pipe_ns:edge_pipelined");
    CopyProgress progress = new CopyProgress("copy", source.getNameAsString());
    CopyRequest request = new CopyRequest("workflow-pipelined", source, target, CopyMode.BULKLOAD, CellFilter.ALL, null,
        staging, null, ShardSpec.ALL, null, 2, true, true, 2, 2);
    new TableCopier(CLUSTERS.source().conf(), src, CLUSTERS.destination().conf(), dst).copy(request, progress);
    assertThat(progress.unitsLoadedCount()).isEqualTo((int) progress.toMap().get("unitsTotal"));
    assertThat(progress.timeLine()).contains("snapshot", "create table", "load after the last unit copied");
    try (Admin admin = CLUSTERS.destination().admin()) {
      assertThat(admin.tableExists(target)).isTrue();
    }
    // nothing is left for the bulkload step
    CopyProgress leftovers = new CopyProgress("bulkload", source.getNameAsString());
    SnapshotSource snapshot = SnapshotSource.open(CLUSTERS.source().conf(), SnapshotSource.defaultName("workflow-pipelined", source));
    new BulkLoader(CLUSTERS.destination().conf()).load(new StagingLayout(staging, "workflow-pipelined", source),
        snapshot.units(), target, leftovers);
    assertThat(leftovers.unitsSkippedCount()).isEqualTo((int) leftovers.toMap().get("unitsTotal"));
    assertThat(leftovers.bytes()).isZero();
    assertIdentical(target, Set.of());
  }

  @Test
  void putPathCopiesEveryCellIntoARenamedTable() throws IOException {
    TableName target = TableName.valueOf("edge_put");
    schema().copy(source, target, Set.of(), null);
    copy("workflow-put", target, CopyMode.PUT, CellFilter.ALL);
    assertIdentical(target, Set.of());
  }

  @Test
  void familySubsetAndCompressionChangeAreRewrittenAndStillExact() throws IOException {
    TableName target = TableName.valueOf("edge_subset");
    schema().copy(source, target, Set.of("a", "b"), Compression.Algorithm.GZ);
    CellFilter onlyAb = new CellFilter(Set.of("a", "b"), null, null, null, null, null);
    copy("workflow-subset", target, CopyMode.BULKLOAD, onlyAb, Compression.Algorithm.GZ);
    load("workflow-subset", target);
    assertIdentical(target, Set.of("a", "b"));
    try (Admin dst = CLUSTERS.destination().admin()) {
      assertThat(dst.getDescriptor(target).hasColumnFamily(EdgeCaseTable.C)).isFalse();
    }
  }

  @Test
  void timeAndRowRangeCopyHoldsExactlyTheSelectedCells() throws IOException {
    TableName target = TableName.valueOf("edge_range");
    schema().copy(source, target, Set.of(), null);
    long base = minTimestamp();
    CellFilter range = new CellFilter(Set.of(), base + 2, base + 6, EdgeCaseTable.row(100), EdgeCaseTable.row(900), null);
    copy("workflow-range", target, CopyMode.BULKLOAD, range);
    load("workflow-range", target);
    TableVerifier verifier = new TableVerifier(src, dst);
    VerifyReport inRange = verifier.verify(source, target, range);
    assertThat(inRange.identical()).as(inRange.summary()).isTrue();
    assertThat(inRange.sourceCells()).isPositive();
    // nothing outside the range arrived: the whole destination equals the in-range part
    VerifyReport everything = verifier.verify(source, target, Set.of());
    assertThat(everything.destinationCells()).isEqualTo(inRange.destinationCells());
    assertThat(everything.extraInDestination()).isZero();
  }

  @Test
  void rerunOfAFinishedCopySkipsEveryUnit() throws IOException {
    TableName target = TableName.valueOf("edge_rerun");
    schema().copy(source, target, Set.of(), null);
    copy("workflow-rerun", target, CopyMode.PUT, CellFilter.ALL);
    CopyProgress again = copy("workflow-rerun", target, CopyMode.PUT, CellFilter.ALL);
    assertThat(again.unitsSkippedCount()).isEqualTo((int) again.toMap().get("unitsTotal"));
    assertThat(again.bytes()).isZero();
    assertIdentical(target, Set.of());
  }

  @Test
  void copyIntoAMissingDestinationTableIsBadInputAndWritesNothing() throws IOException {
    assertThatThrownBy(() -> copy("workflow-missing", TableName.valueOf("not_created"), CopyMode.PUT, CellFilter.ALL))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("destination table not_created does not exist; run `worker schema` first");
    assertThat(FileSystem.get(CLUSTERS.destination().conf()).exists(new Path(staging, "workflow-missing"))).isFalse();
  }


  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void sameTimestampOverwritesInSeveralStoreFilesKeepTheSourcesWinner(CopyMode mode) throws IOException {
    TableName from = HardDataTables.sameTimestampOverwrites(CLUSTERS.source(), "overwrites_" + mode, 8000);
    TableName target = TableName.valueOf("overwrites_" + mode + "_copy");
    migrate("workflow-overwrites-" + mode, from, target, mode);
    assertExact(from, target);
    try (Table t = dst.getTable(target)) {
      assertThat(Bytes.toString(t.get(new Get(HardDataTables.row(80))).getValue(HardDataTables.F, Bytes.toBytes("q1"))))
          .isEqualTo("v3-80-1");
      assertThat(Bytes.toString(t.get(new Get(HardDataTables.row(40))).getValue(HardDataTables.F, Bytes.toBytes("q1"))))
          .isEqualTo("v2-40-1");
    }
  }

  @Test
  void aRegionWithMoreStoreFilesThanOneBulkLoadAcceptsIsLoadedInRounds() throws IOException {
    int files = 35; // HBase takes at most 32 files per region and family in one bulk load request
    TableName from = HardDataTables.manyStoreFiles(CLUSTERS.source(), "many_files", files);
    TableName target = TableName.valueOf("many_files_copy");
    migrate("workflow-many-files", from, target, CopyMode.BULKLOAD);
    assertExact(from, target);
    try (Table t = dst.getTable(target)) {
      assertThat(Bytes.toString(t.get(new Get(HardDataTables.row(7))).getValue(HardDataTables.F, Bytes.toBytes("q"))))
          .isEqualTo("file-" + (files - 1));
    }
  }

  @Test
  void mobFamiliesAreRefusedByTheBulkloadPathAndCopiedExactlyByThePutPath() throws IOException {
    TableName from = HardDataTables.mob(CLUSTERS.source(), "mob");
    TableName target = TableName.valueOf("mob_copy");
    schema().copy(from, target, Set.of(), null);
    assertThatThrownBy(() -> copy("workflow-mob", from, target, CopyMode.BULKLOAD, CellFilter.ALL, null, ShardSpec.ALL))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("'m'").hasMessageContaining("MOB family").hasMessageContaining("--mode PUT");
    assertThat(FileSystem.get(CLUSTERS.destination().conf()).exists(new Path(staging, "workflow-mob"))).isFalse();
    // without the MOB family the bulkload path is fine
    CellFilter onlyF = new CellFilter(Set.of("f"), null, null, null, null, null);
    schema().copy(from, TableName.valueOf("mob_copy_f"), Set.of("f"), null);
    copy("workflow-mob-f", from, TableName.valueOf("mob_copy_f"), CopyMode.BULKLOAD, onlyF, null, ShardSpec.ALL);
    copy("workflow-mob-put", from, target, CopyMode.PUT, CellFilter.ALL, null, ShardSpec.ALL);
    assertExact(from, target);
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void perCellTtlTagsTravelWithTheCells(CopyMode mode) throws Exception {
    long ttl = 20_000;
    TableName from = HardDataTables.cellTtl(CLUSTERS.source(), "cell_ttl_" + mode, ttl);
    TableName target = TableName.valueOf("cell_ttl_" + mode + "_copy");
    migrate("workflow-ttl-" + mode, from, target, mode);
    // tags are compared too: a copy that dropped them differs in 300 cells
    assertExact(from, target);
    long written;
    try (Table t = src.getTable(from)) {
      written = t.get(new Get(HardDataTables.row(299))).getColumnLatestCell(HardDataTables.F,
          Bytes.toBytes("expiring")).getTimestamp();
    }
    Thread.sleep(Math.max(0, written + ttl + 1000 - System.currentTimeMillis()));
    try (Table t = dst.getTable(target); var scanner = t.getScanner(new Scan().addColumn(HardDataTables.F,
        Bytes.toBytes("expiring")))) {
      assertThat(scanner.next()).as("expired cells must stay hidden on the destination").isNull();
    }
    assertExact(from, target);
  }

  @Test
  void snapshotVerifyIgnoresLaterSourceWritesAndCatchesDestinationDifferences() throws IOException {
    TableName from = HardDataTables.sameTimestampOverwrites(CLUSTERS.source(), "snap_verify", 2000);
    TableName target = TableName.valueOf("snap_verify_copy");
    migrate("workflow-snap-verify", from, target, CopyMode.BULKLOAD);
    SnapshotSource snapshot = SnapshotSource.open(CLUSTERS.source().conf(),
        SnapshotSource.defaultName("workflow-snap-verify", from));
    try (Table t = src.getTable(from)) {
      t.put(new Put(HardDataTables.row(5)).addColumn(HardDataTables.F, Bytes.toBytes("later"), Bytes.toBytes("x")));
    }
    TableVerifier verifier = new TableVerifier(src, dst);
    assertThat(verifier.verify(from, target, Set.of()).missingInDestination()).isEqualTo(1);

    VerifyReport all = verifier.verifySnapshot(snapshot, target, CellFilter.ALL, 0);
    assertThat(all.identical()).as(all.summary()).isTrue();
    assertThat(all.scope()).isEqualTo("all 4 regions");
    assertThat(all.sourceCells()).isEqualTo(2000 * 3);
    VerifyReport sample = verifier.verifySnapshot(snapshot, target, CellFilter.ALL, 2);
    assertThat(sample.identical()).as(sample.summary()).isTrue();
    assertThat(sample.scope()).isEqualTo("2 of 4 regions");
    assertThat(sample.sourceCells()).isPositive().isLessThan(all.sourceCells());

    try (Table t = dst.getTable(target)) {
      t.delete(new Delete(HardDataTables.row(1)));
    }
    VerifyReport marker = verifier.verifySnapshot(snapshot, target, CellFilter.ALL, 2);
    assertThat(marker.extraInDestination()).as(marker.summary()).isEqualTo(1); // the row's delete marker
    VerifyReport lost = verifier.mode(TableVerifier.Mode.VISIBLE).verifySnapshot(snapshot, target, CellFilter.ALL, 2);
    assertThat(lost.missingInDestination()).as(lost.summary()).isEqualTo(3);
  }

  // --- helpers ----------------------------------------------------------------------------

  /** The base timestamp EdgeCaseTable wrote its versions from (the oldest cell of the row "lowest"). */
  private static long minTimestamp() throws IOException {
    try (var table = CLUSTERS.source().table(source.getNameAsString())) {
      return table.get(new org.apache.hadoop.hbase.client.Get(new byte[] {0x00})).rawCells()[0].getTimestamp();
    }
  }

  static SchemaCopier schema() {
    return new SchemaCopier(src, dst);
  }

  private static CopyProgress copy(String task, TableName target, CopyMode mode, CellFilter filter) throws IOException {
    return copy(task, target, mode, filter, null);
  }

  private static CopyProgress copy(String task, TableName target, CopyMode mode, CellFilter filter,
      Compression.Algorithm compression) throws IOException {
    return copy(task, source, target, mode, filter, compression, ShardSpec.ALL);
  }

  private static CopyProgress copy(String task, TableName from, TableName target, CopyMode mode, CellFilter filter,
      Compression.Algorithm compression, ShardSpec shard) throws IOException {
    CopyProgress progress = new CopyProgress("copy", from.getNameAsString());
    CopyRequest request = new CopyRequest(task, from, target, mode, filter, compression, staging, null,
        shard, null, 2);
    new TableCopier(CLUSTERS.source().conf(), src, CLUSTERS.destination().conf(), dst).copy(request, progress);
    return progress;
  }

  private static void load(String task, TableName target) throws IOException {
    load(task, source, target);
  }

  private static void load(String task, TableName from, TableName target) throws IOException {
    SnapshotSource snapshot = SnapshotSource.open(CLUSTERS.source().conf(), SnapshotSource.defaultName(task, from));
    new BulkLoader(CLUSTERS.destination().conf()).load(new StagingLayout(staging, task, from), snapshot.units(),
        target, new CopyProgress("bulkload", from.getNameAsString()));
  }

  /** schema, copy in two shards, bulk load (BULKLOAD) or put (PUT): what the operator's Jobs run. */
  private static void migrate(String task, TableName from, TableName target, CopyMode mode) throws IOException {
    schema().copy(from, target, Set.of(), null);
    copy(task, from, target, mode, CellFilter.ALL, null, new ShardSpec(0, 2));
    copy(task, from, target, mode, CellFilter.ALL, null, new ShardSpec(1, 2));
    if (mode == CopyMode.BULKLOAD) {
      load(task, from, target);
    }
  }

  private static void assertExact(TableName from, TableName target) throws IOException {
    TableVerifier verifier = new TableVerifier(src, dst);
    VerifyReport raw = verifier.verify(from, target, Set.of());
    assertThat(raw.identical()).as(raw.summary()).isTrue();
    assertThat(raw.sourceCells()).isPositive();
    VerifyReport visible = verifier.mode(TableVerifier.Mode.VISIBLE).verify(from, target, Set.of());
    assertThat(visible.identical()).as(visible.summary()).isTrue();
  }

  private static void createWithOtherSplits(TableName target) throws IOException {
    try (Admin src = CLUSTERS.source().admin(); Admin dst = CLUSTERS.destination().admin()) {
      dst.createNamespace(org.apache.hadoop.hbase.NamespaceDescriptor.create(target.getNamespaceAsString()).build());
      TableDescriptor descriptor = TableDescriptorBuilder.copy(target, src.getDescriptor(source));
      dst.createTable(descriptor, EdgeCaseTable.splits(7));
    }
  }

  private static void assertIdentical(TableName target, Set<String> families) throws IOException {
    TableVerifier verifier = new TableVerifier(src, dst);
    VerifyReport raw = verifier.verify(source, target, families);
    assertThat(raw.identical()).as(raw.summary()).isTrue();
    assertThat(raw.sourceCells()).isGreaterThan(EdgeCaseTable.ROWS * 10L);
    VerifyReport visible = verifier.mode(TableVerifier.Mode.VISIBLE).verify(source, target, families);
    assertThat(visible.identical()).as(visible.summary()).isTrue();
  }
}
