package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

/** Which edits of a row may share one atomic row mutation, and what is sent (the replay itself: WalBacklogTest). */
class RowEditsTest {
  private static final byte[] ROW = Bytes.toBytes("r");
  private static final byte[] D = Bytes.toBytes("d");

  private static RowEdits.Unit unit(KeyValue.Type type, String qualifier, long ts) {
    RowEdits.Unit unit = new RowEdits.Unit(ROW);
    unit.add(new KeyValue(ROW, D, Bytes.toBytes(qualifier), ts, type, Bytes.toBytes("v" + ts)));
    return unit;
  }

  @Test
  void versionsOfACellAndDeletesAfterThemShareOneMutation() throws Exception {
    RowEdits row = new RowEdits(unit(KeyValue.Type.Put, "q", 1), 0);
    assertThat(row.merge(unit(KeyValue.Type.Put, "q", 2))).isTrue();
    assertThat(row.merge(unit(KeyValue.Type.Put, "x", 2))).isTrue();
    assertThat(row.merge(unit(KeyValue.Type.Delete, "q", 2))).isTrue();
    assertThat(row.merge(unit(KeyValue.Type.DeleteFamily, "", 2))).isTrue();
    // newer than every marker: no marker can mask it, under either delete behaviour
    assertThat(row.merge(unit(KeyValue.Type.Put, "q", 3))).isTrue();
    RowMutations sent = (RowMutations) row.toRow();
    assertThat(sent.getMutations()).hasSize(2);
    assertThat(sent.getMutations().get(0)).isInstanceOf(Put.class);
    assertThat(sent.getMutations().get(0).size()).isEqualTo(4);
    assertThat(sent.getMutations().get(1)).isInstanceOf(Delete.class);
  }

  @Test
  void aSameTimestampOverwriteOrAPutAtOrBelowAMarkerWaitsForTheNextCall() {
    RowEdits row = new RowEdits(unit(KeyValue.Type.Put, "q", 5), 0);
    assertThat(row.merge(unit(KeyValue.Type.Put, "q", 5))).isFalse();
    assertThat(row.merge(unit(KeyValue.Type.DeleteColumn, "q", 7))).isTrue();
    assertThat(row.merge(unit(KeyValue.Type.Put, "other", 7))).isFalse();
    assertThat(row.merge(unit(KeyValue.Type.Put, "other", 6))).isFalse();
    assertThat(row.merge(unit(KeyValue.Type.Put, "other", 8))).isTrue();
  }
}
