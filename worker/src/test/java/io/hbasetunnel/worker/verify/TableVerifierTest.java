package io.hbasetunnel.worker.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbasetunnel.testing.TestCluster;
import io.hbasetunnel.testing.SharedClusters;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.verify.CellDifference.Kind;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The verifier is the oracle of every other data-path test, so each kind of difference it must
 * catch is planted on one side of two otherwise identical tables on two real clusters.
 */
@SharedClusters
class TableVerifierTest {
  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters();

  private static final byte[] A = Bytes.toBytes("a");
  private static final byte[] B = Bytes.toBytes("b");
  private static final byte[] EMPTY_QUALIFIER = new byte[0];
  private static final byte[][] ROWS = {
      {0x00}, {0x00, 0x00}, {0x01, (byte) 0xFF}, Bytes.toBytes("row-a"), {(byte) 0xFF}, {(byte) 0xFF, (byte) 0xFF, 0x00}};
  private static final int VERSIONS = 12;
  private static final AtomicInteger TABLES = new AtomicInteger();

  private TableName sourceTable;
  private TableName destinationTable;

  @Test
  void identicalTablesWithBinaryKeysEmptyQualifiersAndManyVersionsAreEqual() throws IOException {
    pairOfIdenticalTables();
    VerifyReport report = verify();
    assertThat(report.identical()).as(report.summary()).isTrue();
    long expectedCells = (long) ROWS.length * 2 /* families */ * 2 /* qualifiers */ * VERSIONS + 1 /* marker */;
    assertThat(report.sourceCells()).isEqualTo(expectedCells);
    assertThat(report.destinationCells()).isEqualTo(expectedCells);
    assertThat(report.matchingCells()).isEqualTo(expectedCells);
    assertThat(report.firstDifferences()).isEmpty();
  }

  @Test
  void anOldestVersionUncoveredOnlyOnTheUnflushedSideIsExplainedNotCountedAsALoss() throws IOException {
    // VERSIONS=2, three versions written, the newest deleted: the unflushed source still holds
    // the third-newest and shows it; the destination flushed before the delete and dropped it
    TableName src = CLUSTERS.source().createTable("flush_timing_src").family("v", f -> f.setMaxVersions(2)).create();
    TableName dst = CLUSTERS.destination().createTable("flush_timing_dst").family("v", f -> f.setMaxVersions(2)).create();
    byte[] v = Bytes.toBytes("v");
    byte[] q = Bytes.toBytes("q");
    for (TestCluster cluster : new TestCluster[] {CLUSTERS.source(), CLUSTERS.destination()}) {
      TableName table = cluster == CLUSTERS.source() ? src : dst;
      try (Table t = cluster.table(table.getNameAsString())) {
        for (long ts = 1; ts <= 3; ts++) {
          t.put(new Put(Bytes.toBytes("r")).addColumn(v, q, ts, Bytes.toBytes("v" + ts)));
        }
        t.put(new Put(Bytes.toBytes("other")).addColumn(v, q, 1, Bytes.toBytes("x")));
        if (cluster == CLUSTERS.destination()) {
          cluster.util().flush(table);
        }
        t.delete(new Delete(Bytes.toBytes("r")).addColumn(v, q, 3));
      }
    }
    TableVerifier visible = new TableVerifier(CLUSTERS.source().connection(), CLUSTERS.destination().connection())
        .mode(TableVerifier.Mode.VISIBLE);
    VerifyReport report = visible.verify(src, dst, Set.of());
    assertThat(report.identical()).as(report.summary()).isTrue();
    assertThat(report.uncoveredByFlushTiming()).isEqualTo(1);
    assertThat(report.summary()).contains("flush timing");
    // a real loss is still one: the destination loses its remaining version of r
    try (Table t = CLUSTERS.destination().table(dst.getNameAsString())) {
      t.delete(new Delete(Bytes.toBytes("r")).addColumn(v, q, 2));
    }
    VerifyReport lost = visible.verify(src, dst, Set.of());
    assertThat(lost.missingInDestination()).isEqualTo(2);
    assertThat(lost.uncoveredByFlushTiming()).isZero();
  }

  @Test
  void aPutHiddenOnBothSidesButDroppedByOnlyOneSidesFlushIsExplainedInRawMode() throws IOException {
    // the source flushes after the row delete (its flush drops the masked put and the version
    // beyond VERSIONS=1); the destination flushed before, so its files still hold both puts
    byte[] f = Bytes.toBytes("f");
    byte[] q = Bytes.toBytes("q");
    byte[] deleted = Bytes.toBytes("deleted");
    byte[] overwritten = Bytes.toBytes("overwritten");
    TableName[] pair = new TableName[2];
    for (TestCluster cluster : new TestCluster[] {CLUSTERS.source(), CLUSTERS.destination()}) {
      boolean source = cluster == CLUSTERS.source();
      TableName table = cluster.createTable(source ? "hidden_src" : "hidden_dst").family("f", c -> c.setMaxVersions(1))
          .family("k", c -> c.setMaxVersions(1).setKeepDeletedCells(org.apache.hadoop.hbase.KeepDeletedCells.TRUE))
          .create();
      pair[source ? 0 : 1] = table;
      try (Table t = cluster.table(table.getNameAsString())) {
        t.put(new Put(deleted).addColumn(f, q, 5, Bytes.toBytes("gone")));
        t.put(new Put(overwritten).addColumn(f, q, 5, Bytes.toBytes("old")));
        if (!source) {
          cluster.util().flush(table);
        }
        t.delete(new Delete(deleted).addFamily(f, 10));
        t.put(new Put(overwritten).addColumn(f, q, 6, Bytes.toBytes("new")));
        if (source) {
          cluster.util().flush(table);
        }
      }
    }
    TableVerifier raw = new TableVerifier(CLUSTERS.source().connection(), CLUSTERS.destination().connection());
    VerifyReport report = raw.verify(pair[0], pair[1], Set.of());
    assertThat(report.identical()).as(report.summary()).isTrue();
    assertThat(report.hiddenPutsOnOneSide()).as(report.summary()).isEqualTo(2);
    assertThat(report.summary()).contains("readers of neither side see");

    // KEEP_DELETED_CELLS keeps masked puts through flushes: one side without it is a loss
    try (Table t = CLUSTERS.destination().table(pair[1].getNameAsString())) {
      byte[] k = Bytes.toBytes("k");
      t.put(new Put(deleted).addColumn(k, q, 5, Bytes.toBytes("kept")));
      t.delete(new Delete(deleted).addFamily(k, 10));
    }
    try (Table t = CLUSTERS.source().table(pair[0].getNameAsString())) {
      t.delete(new Delete(deleted).addFamily(Bytes.toBytes("k"), 10));
    }
    VerifyReport kept = raw.verify(pair[0], pair[1], Set.of());
    assertThat(kept.extraInDestination()).as(kept.summary()).isEqualTo(1);

    // a put that readers of one side can see is never explained: the marker only on the source
    try (Table t = CLUSTERS.destination().table(pair[1].getNameAsString())) {
      t.put(new Put(Bytes.toBytes("visible")).addColumn(f, q, 5, Bytes.toBytes("v")));
    }
    try (Table t = CLUSTERS.source().table(pair[0].getNameAsString())) {
      t.delete(new Delete(Bytes.toBytes("visible")).addFamily(f, 10));
    }
    VerifyReport visible = raw.verify(pair[0], pair[1], Set.of());
    assertThat(visible.extraInDestination()).as(visible.summary()).isEqualTo(2);
    assertThat(visible.missingInDestination()).as(visible.summary()).isEqualTo(1);
  }

  @Test
  void missingRowIsReported() throws IOException {
    pairOfIdenticalTables();
    put(CLUSTERS.source(), sourceTable, new byte[] {0x42, 0x00}, A, EMPTY_QUALIFIER, 7, "only-on-source");
    VerifyReport report = verify();
    assertThat(report.missingInDestination()).isEqualTo(1);
    assertThat(report.differences()).isEqualTo(1);
    assertThat(report.firstDifferences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(Kind.MISSING_IN_DESTINATION);
      assertThat(d.row()).isEqualTo("B\\x00");
      assertThat(d.timestamp()).isEqualTo(7);
      assertThat(d.type()).isEqualTo("Put");
    });
  }

  @Test
  void missingVersionIsReported() throws IOException {
    pairOfIdenticalTables();
    put(CLUSTERS.source(), sourceTable, ROWS[2], B, Bytes.toBytes("q1"), 5000, "older version");
    VerifyReport report = verify();
    assertThat(report.differences()).isEqualTo(1);
    assertThat(report.firstDifferences()).singleElement()
        .extracting(CellDifference::kind, CellDifference::family, CellDifference::qualifier, CellDifference::timestamp)
        .containsExactly(Kind.MISSING_IN_DESTINATION, "b", "q1", 5000L);
  }

  @Test
  void changedValueIsReported() throws IOException {
    pairOfIdenticalTables();
    put(CLUSTERS.destination(), destinationTable, ROWS[3], A, Bytes.toBytes("q1"), 1003, "tampered");
    VerifyReport report = verify();
    assertThat(report.valueDiffers()).isEqualTo(1);
    assertThat(report.differences()).isEqualTo(1);
    assertThat(report.firstDifferences()).singleElement()
        .extracting(CellDifference::kind, CellDifference::row, CellDifference::timestamp)
        .containsExactly(Kind.VALUE_DIFFERS, "row-a", 1003L);
  }

  @Test
  void changedTimestampIsReportedOnBothSides() throws IOException {
    TableName name = nextName();
    createPair(name);
    put(CLUSTERS.source(), sourceTable, ROWS[0], A, EMPTY_QUALIFIER, 100, "v");
    put(CLUSTERS.destination(), destinationTable, ROWS[0], A, EMPTY_QUALIFIER, 101, "v");
    VerifyReport report = verify();
    assertThat(report.missingInDestination()).isEqualTo(1);
    assertThat(report.extraInDestination()).isEqualTo(1);
    assertThat(report.firstDifferences()).extracting(CellDifference::timestamp).containsExactlyInAnyOrder(100L, 101L);
  }

  @Test
  void missingDeleteMarkerIsReportedEvenThoughTheCellWouldReappear() throws IOException {
    pairOfIdenticalTables();
    try (Table table = CLUSTERS.source().table(sourceTable.getNameAsString())) {
      table.delete(new Delete(ROWS[4]).addColumn(A, EMPTY_QUALIFIER, 1005));
    }
    VerifyReport raw = verify();
    assertThat(raw.differences()).isEqualTo(1);
    assertThat(raw.firstDifferences()).singleElement()
        .extracting(CellDifference::kind, CellDifference::type, CellDifference::timestamp)
        .containsExactly(Kind.MISSING_IN_DESTINATION, "Delete", 1005L);
    // what a reader sees: the destination still shows the version the source deleted
    VerifyReport visible = verifier().mode(TableVerifier.Mode.VISIBLE).verify(sourceTable, destinationTable, Set.of());
    assertThat(visible.firstDifferences()).singleElement()
        .extracting(CellDifference::kind, CellDifference::type, CellDifference::timestamp)
        .containsExactly(Kind.EXTRA_IN_DESTINATION, "Put", 1005L);
  }

  @Test
  void extraCellIsReported() throws IOException {
    pairOfIdenticalTables();
    put(CLUSTERS.destination(), destinationTable, ROWS[5], B, Bytes.toBytes("new"), 1, "only-on-destination");
    VerifyReport report = verify();
    assertThat(report.extraInDestination()).isEqualTo(1);
    assertThat(report.differences()).isEqualTo(1);
  }

  @Test
  void familySubsetIgnoresOtherFamilies() throws IOException {
    pairOfIdenticalTables();
    put(CLUSTERS.destination(), destinationTable, ROWS[1], B, Bytes.toBytes("q1"), 1002, "changed in b");
    assertThat(verifier().verify(sourceTable, destinationTable, Set.of("a")).identical()).isTrue();
    assertThat(verifier().verify(sourceTable, destinationTable, Set.of("b")).valueDiffers()).isEqualTo(1);
  }

  @Test
  void reportsAtMostTheRequestedNumberOfDifferencesButCountsAll() throws IOException {
    pairOfIdenticalTables();
    for (int i = 0; i < 30; i++) {
      put(CLUSTERS.source(), sourceTable, Bytes.toBytes("zz" + i), A, EMPTY_QUALIFIER, 1, "x");
    }
    VerifyReport report = verifier().maxReportedDifferences(5).verify(sourceTable, destinationTable, Set.of());
    assertThat(report.missingInDestination()).isEqualTo(30);
    assertThat(report.firstDifferences()).hasSize(5);
    assertThat(report.summary()).contains("25 more");
  }

  @Test
  void unknownTableOrFamilyIsBadInputWithAClearMessage() throws IOException {
    pairOfIdenticalTables();
    assertThatThrownBy(() -> verifier().verify(TableName.valueOf("nope"), destinationTable, Set.of()))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("table nope does not exist on the source cluster");
    assertThatThrownBy(() -> verifier().verify(sourceTable, destinationTable, Set.of("zz")))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("column family 'zz' does not exist");
  }

  // --- fixtures -------------------------------------------------------------------------

  private VerifyReport verify() throws IOException {
    return verifier().verify(sourceTable, destinationTable, Set.of());
  }

  private TableVerifier verifier() {
    return new TableVerifier(CLUSTERS.source().connection(), CLUSTERS.destination().connection());
  }

  private static TableName nextName() {
    return TableName.valueOf("verify_" + TABLES.incrementAndGet());
  }

  /** Source {@code verify_N}, destination {@code ns_copy:verify_N_renamed}: the rename path too. */
  private void createPair(TableName name) throws IOException {
    sourceTable = name;
    destinationTable = TableName.valueOf("ns_copy:" + name.getQualifierAsString() + "_renamed");
    CLUSTERS.source().createTable(sourceTable.getNameAsString())
        .family("a", f -> f.setMaxVersions(1000)).family("b", f -> f.setMaxVersions(1000))
        .splits(new byte[][] {{0x01}, Bytes.toBytes("row")}).create();
    CLUSTERS.destination().createTable(destinationTable.getNameAsString())
        .family("a", f -> f.setMaxVersions(1000)).family("b", f -> f.setMaxVersions(1000))
        .create();
  }

  private void pairOfIdenticalTables() throws IOException {
    createPair(nextName());
    for (TestCluster cluster : new TestCluster[] {CLUSTERS.source(), CLUSTERS.destination()}) {
      TableName table = cluster == CLUSTERS.source() ? sourceTable : destinationTable;
      try (Table t = cluster.table(table.getNameAsString())) {
        for (byte[] row : ROWS) {
          Put put = new Put(row);
          for (byte[] family : new byte[][] {A, B}) {
            for (byte[] qualifier : new byte[][] {EMPTY_QUALIFIER, Bytes.toBytes("q1")}) {
              for (int v = 0; v < VERSIONS; v++) {
                put.addColumn(family, qualifier, 1000 + v, Bytes.toBytes("value-" + v + "-" + Bytes.toStringBinary(row)));
              }
            }
          }
          t.put(put);
        }
        // the same delete marker on both sides: markers that match are not differences
        t.delete(new Delete(ROWS[0]).addColumn(B, EMPTY_QUALIFIER, 1000));
      }
    }
  }

  private static void put(TestCluster cluster, TableName table, byte[] row, byte[] family, byte[] qualifier, long ts,
      String value) throws IOException {
    try (Table t = cluster.table(table.getNameAsString())) {
      t.put(new Put(row).addColumn(family, qualifier, ts, Bytes.toBytes(value)));
    }
  }
}
