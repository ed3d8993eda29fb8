package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-gap rule per stream, on a local filesystem laid out like a WAL root: a busy server
 * whose WALs from the start time on were cleaned is a gap even while an idle server's current
 * WAL is older than the start time; a server started after it, a pin older than the oldest WAL
 * or a stream already checkpointed is not.
 */
class StartGapTest {
  private static final long T = 1_700_000_100_000L;
  private static final String BUSY = "host1%2C16020%2C1700000000000";
  private static final String IDLE = "host2%2C16020%2C1700000000001";

  @TempDir
  Path root;

  @Test
  void aBusyServersCleanedWalsAreAGapDespiteAnIdleServersOlderWal() throws Exception {
    write("WALs/host2,16020,1700000000001/" + IDLE + "." + (T - 60_000));
    write("WALs/host1,16020,1700000000000/" + BUSY + "." + (T + 5_000));
    write("oldWALs/" + BUSY + "." + (T + 2_000));

    assertThatThrownBy(() -> StartGap.check(locator(), T, row(Map.of(), T + 10_000)))
        .isInstanceOf(WalMissingException.class)
        .hasMessageStartingWith("re-copy needed: the WALs holding the edits written from --start-time " + T)
        .hasMessageContaining("to " + (T + 2_000) + " (")
        .hasMessageContaining("by region server host1,16020,1700000000000 are gone")
        .hasMessageContaining("--start-time " + (T + 2_000) + " or later")
        .hasMessageNotContaining("host2");
  }

  @Test
  void noGapForAServerStartedAfterTheStartTimeAPinOlderThanTheWalOrAStreamAlreadyRead() throws Exception {
    String late = "host3%2C16020%2C" + (T + 1_000);
    write("WALs/host3,16020," + (T + 1_000) + "/" + late + "." + (T + 3_000));
    assertThatCode(() -> StartGap.check(locator(), T, row(Map.of(), T + 10_000))).doesNotThrowAnyException();

    write("WALs/host1,16020,1700000000000/" + BUSY + "." + (T + 5_000));
    // the pin existed before the oldest WAL: the older ones were read and released by its rotation
    assertThatCode(() -> StartGap.check(locator(), T, row(Map.of(), T + 4_000))).doesNotThrowAnyException();
    // checkpointed: its own position answers for it
    assertThatCode(() -> StartGap.check(locator(), T,
        row(Map.of(BUSY, new WalPosition(BUSY + "." + (T + 5_000), 100)), T + 10_000))).doesNotThrowAnyException();
    assertThatThrownBy(() -> StartGap.check(locator(), T, row(Map.of(), T + 10_000)))
        .isInstanceOf(WalMissingException.class);
  }

  @Test
  void theServerStartIsReadFromTheStreamName() {
    assertThat(StartGap.server(BUSY)).isEqualTo("host1,16020,1700000000000");
    assertThat(StartGap.serverStart(BUSY)).isEqualTo(1_700_000_000_000L);
    assertThat(StartGap.serverStart("not-a-server-name")).isEqualTo(-1);
  }

  private static WalCheckpointStore.SyncRow row(Map<String, WalPosition> positions, long pinnedAt) {
    return new WalCheckpointStore.SyncRow(positions, Set.of(), Map.of(), null, T, pinnedAt);
  }

  private WalLocator locator() throws Exception {
    return new WalLocator(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(root.toUri()));
  }

  private void write(String relative) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {1});
  }
}
