package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.contract.naming.SourceNames;
import io.hbasetunnel.worker.copy.SnapshotSource;
import org.apache.hadoop.hbase.TableName;
import org.junit.jupiter.api.Test;

/**
 * The operator removes the peers and snapshots a deleted task left on the source by the names in
 * api's SourceNames; the worker must create exactly those names.
 */
class SourceNamesAgreementTest {
  @Test
  void walPinPeersAreNamedAsTheOperatorReleasesThem() {
    String syncId = "wal-0a1b-4c5d6e7f8a9b";
    assertThat(WalPin.peerId(syncId)).isEqualTo(SourceNames.walPinPeerId(syncId)).isEqualTo("hbtwal0a1b4c5d6e7f8a9b");
    assertThat(WalPin.peerId(syncId, 3)).isEqualTo(SourceNames.walPinPeerId(syncId, 3)).isEqualTo("hbtwal0a1b4c5d6e7f8a9b_3");
    String base = WalPin.peerId(syncId);
    assertThat(WalPin.generationOf(base, WalPin.peerId(syncId, 7))).isEqualTo(7);
    assertThat(SourceNames.walPinGeneration(base, base)).isZero();
    assertThat(SourceNames.walPinGeneration(base, base + "x")).isEqualTo(-1);
    assertThat(SourceNames.walPinGeneration(base, base + "_")).isEqualTo(-1);
    assertThat(SourceNames.walPinGeneration(base, base + "_1a")).isEqualTo(-1);
  }

  @Test
  void snapshotsAreNamedAsTheOperatorDeletesThem() {
    assertThat(SnapshotSource.defaultName("workflow-1-ab", TableName.valueOf("t1")))
        .isEqualTo(SourceNames.snapshotName("workflow-1-ab", "t1")).isEqualTo("hbt-workflow-1-ab-default-t1");
    assertThat(SnapshotSource.defaultName("w", TableName.valueOf("ns1:t2")))
        .isEqualTo(SourceNames.snapshotName("w", "ns1:t2")).isEqualTo("hbt-w-ns1-t2");
    assertThat(SourceNames.snapshotName("w", "default:t1")).isEqualTo(SourceNames.snapshotName("w", "t1"));
  }
}
