package io.hbasetunnel.worker.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The stream reader's races with the files it reads, forced at the moment they matter (right
 * after a file was read to its end, before the reader decides whether to leave it), on a real
 * HDFS with WAL files written by HBase's own writer: an edit appended and the file closed right
 * then; the file not found right then, or archived right after it was found; a read error in a
 * closed file that is not the newest.
 * Each must end with every edit read, in order.
 */
class WalReaderRaceTest {
  private static final String SERVER = "host,16020,1";
  private static HBaseTestingUtility util;
  private static FileSystem fs;
  private static Configuration conf;

  private Path root;
  private WalLocator locator;
  private WalStreamReader reader;
  private WalPosition position;
  private final List<String> rows = new ArrayList<>();

  @BeforeAll
  static void hdfs() throws Exception {
    util = new HBaseTestingUtility();
    util.startMiniDFSCluster(1);
    conf = util.getConfiguration();
    fs = util.getDFSCluster().getFileSystem();
  }

  @AfterAll
  static void stop() throws Exception {
    util.shutdownMiniDFSCluster();
  }

  private void setUp(TestInfo test) {
    root = fs.makeQualified(new Path("/" + test.getTestMethod().orElseThrow().getName()));
    locator = new WalLocator(fs, root);
    reader = new WalStreamReader(fs, conf, locator, 0);
  }

  @Test
  void anEditAppendedAfterTheLastReadOfAFileThatThenClosesIsNotSkipped(TestInfo test) throws Exception {
    setUp(test);
    HandWrittenWal older = HandWrittenWal.create(fs, conf, root, SERVER, 1000);
    older.append("a1");
    HandWrittenWal newer = HandWrittenWal.create(fs, conf, root, SERVER, 2000);
    newer.append("b1");
    // the last entries of the older file land, and it is closed, while the reader is at its end
    AtomicBoolean done = new AtomicBoolean();
    reader.afterRead(file -> {
      if (file.name().endsWith(".1000") && done.compareAndSet(false, true)) {
        older.append("a2");
        older.close();
      }
    });

    pollUntilQuiet();

    assertThat(rows).containsExactly("a1", "a2", "b1");
  }

  @Test
  void aFileNotFoundWhileItMovesIsLookedForAgainNotTakenForClosed(TestInfo test) throws Exception {
    setUp(test);
    HandWrittenWal older = HandWrittenWal.create(fs, conf, root, SERVER, 1000);
    older.append("a1");
    HandWrittenWal newer = HandWrittenWal.create(fs, conf, root, SERVER, 2000);
    newer.append("b1");
    // the server crashes right after the read: its last edit lands, and the file is nowhere to be
    // seen for a moment (its directory is being renamed to -splitting)
    Path away = new Path(root, "in-between");
    fs.mkdirs(away);
    AtomicBoolean done = new AtomicBoolean();
    reader.afterRead(file -> {
      if (file.name().endsWith(".1000") && done.compareAndSet(false, true)) {
        older.append("a2");
        fs.rename(older.path(), new Path(away, older.path().getName()));
      }
    });
    List<WalFile> listedBefore = files();
    poll(listedBefore);
    // a poll whose listing was made before the file vanished
    poll(listedBefore);

    // then the file shows up in -splitting, closed by lease recovery, without a trailer
    Path splitting = new Path(root, "WALs/" + SERVER + "-splitting");
    fs.mkdirs(splitting);
    fs.rename(new Path(away, older.path().getName()), new Path(splitting, older.path().getName()));
    older.closeWithoutTrailer();
    pollUntilQuiet();

    assertThat(rows).containsExactly("a1", "a2", "b1");
  }

  @Test
  void aFileArchivedAfterItWasLocatedIsLookedForAgainNotAFailure(TestInfo test) throws Exception {
    setUp(test);
    HandWrittenWal older = HandWrittenWal.create(fs, conf, root, SERVER, 1000);
    older.append("a1");
    older.close();
    HandWrittenWal newer = HandWrittenWal.create(fs, conf, root, SERVER, 2000);
    newer.append("b1");
    // the rolled file is archived right after the reader found it, before it asks whether it is closed
    Path oldWals = new Path(root, "oldWALs");
    fs.mkdirs(oldWals);
    AtomicBoolean done = new AtomicBoolean();
    reader.afterLocate(file -> {
      if (file.name().endsWith(".1000") && done.compareAndSet(false, true)) {
        fs.rename(older.path(), new Path(oldWals, older.path().getName()));
      }
    });

    poll(files());
    assertThat(done).isTrue();
    pollUntilQuiet();

    assertThat(rows).containsExactly("a1", "b1");
  }

  @Test
  void aReadErrorInAClosedOlderFileIsReadAgainNotSkipped(TestInfo test) throws Exception {
    setUp(test);
    HandWrittenWal older = HandWrittenWal.create(fs, conf, root, SERVER, 1000);
    long afterFirst = older.append("a1");
    older.append("a2");
    older.append("a3");
    older.close();
    HandWrittenWal newer = HandWrittenWal.create(fs, conf, root, SERVER, 2000);
    newer.append("b1");
    // the second entry cannot be read for a while (a negative length where its key begins)
    byte[] intact = readAll(older.path());
    byte[] damaged = intact.clone();
    byte[] minusOne = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
    System.arraycopy(minusOne, 0, damaged, (int) afterFirst, minusOne.length);
    replace(older.path(), damaged);

    for (int i = 0; i < 3; i++) {
      poll(files());
    }
    assertThat(rows).as("nothing after the unreadable entry is skipped").containsExactly("a1");
    assertThat(position.file()).endsWith(".1000");

    replace(older.path(), intact);
    pollUntilQuiet();

    assertThat(rows).containsExactly("a1", "a2", "a3", "b1");
  }

  private List<WalFile> files() throws IOException {
    return locator.streams().get(SERVER.replace(",", "%2C"));
  }

  private void poll(List<WalFile> files) throws Exception {
    WalStreamReader.Batch batch = reader.read(SERVER.replace(",", "%2C"), files, position, 100);
    batch.entries().forEach(e -> rows.add(HandWrittenWal.rowOf(e)));
    position = batch.end();
  }

  /** Polls until two polls in a row read nothing. */
  private void pollUntilQuiet() throws Exception {
    int quiet = 0;
    for (int i = 0; i < 20 && quiet < 2; i++) {
      int before = rows.size();
      poll(files());
      quiet = rows.size() == before ? quiet + 1 : 0;
    }
  }

  private static byte[] readAll(Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  private static void replace(Path path, byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.create(path, true)) {
      out.write(content);
    }
  }
}
