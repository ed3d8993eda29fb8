package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where WAL files are found while they move, on a local filesystem laid out like an HBase root
 * directory: a crashed server's directory renamed to -splitting, files archived one by one.
 */
class WalLocatorTest {
  private static final String STREAM = "localhost%2C16020%2C1700000000000";

  @TempDir
  Path root;

  @Test
  void streamsAreGatheredFromLiveSplittingAndArchivedPlacesInCreationOrder() throws Exception {
    write("WALs/localhost,16020,1700000000000-splitting/" + STREAM + ".1700000000300");
    write("WALs/localhost,16020,1700000000000-splitting/" + STREAM + ".1700000000300.meta");
    write("oldWALs/" + STREAM + ".1700000000100");
    write("oldWALs/" + STREAM + ".1700000000200");
    write("WALs/localhost,16021,1700000000001/localhost%2C16021%2C1700000000001.1700000000150");

    var streams = locator().streams();

    assertThat(streams).containsOnlyKeys(STREAM, "localhost%2C16021%2C1700000000001");
    assertThat(streams.get(STREAM)).extracting(WalFile::name)
        .containsExactly(STREAM + ".1700000000100", STREAM + ".1700000000200", STREAM + ".1700000000300");
    assertThat(locator().isLive(streams.get(STREAM).get(2))).isFalse();
    assertThat(locator().isLive(streams.get("localhost%2C16021%2C1700000000001").get(0))).isTrue();
  }

  @Test
  void aFileBetweenTwoPlacesIsNotGoneButOneThatNeverComesBackIs() throws Exception {
    String name = STREAM + ".1700000000300";
    // the file shows up in oldWALs 1.5 s after it was missed, as after a split
    CompletableFuture<Void> archived = CompletableFuture.runAsync(() -> write("oldWALs/" + name),
        CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));

    assertThat(locator().goneForGood(STREAM, name)).isFalse();
    archived.join();
    assertThat(locator().goneForGood(STREAM, STREAM + ".1700000000999")).isTrue();
  }

  private WalLocator locator() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    return new WalLocator(fs, new org.apache.hadoop.fs.Path(root.toUri()));
  }

  private void write(String relative) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[] {1});
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
