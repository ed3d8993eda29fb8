package io.hbasetunnel.worker.wal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hbase.wal.WAL;
import org.apache.hadoop.hbase.wal.WALFactory;
import org.apache.hadoop.hbase.wal.WALTailingReader;

/**
 * Reads what is new in one region server's WAL stream since a position. The reader is opened
 * afresh at every poll: the readable length of a file being written is fixed when it is opened
 * (docs/wal-sync.md). A file is finished when its trailer is read, or when it is closed and a newer
 * file exists; then reading goes on in the next file.
 */
final class WalStreamReader {
  /**
   * Entries read and the position after the last of them.
   *
   * @param ends the position after each entry
   * @param caughtUp everything the stream held when the poll began has been read
   * @param finished every file of the stream is closed and read to its end (a dead server's stream)
   */
  record Batch(List<WAL.Entry> entries, List<WalPosition> ends, WalPosition end, boolean caughtUp, boolean finished) {

    /** The first {@code count} entries only: the rest is read again at the next poll. */
    Batch upTo(int count, WalPosition from) {
      return new Batch(entries.subList(0, count), ends.subList(0, count), count == 0 ? from : ends.get(count - 1),
          false, false);
    }
  }

  private static final long ROLL_MARGIN_MS = 60_000;
  private final FileSystem fs;
  private final Configuration conf;
  private final WalLocator locator;
  private final long startTime;

  WalStreamReader(FileSystem fs, Configuration conf, WalLocator locator, long startTime) {
    this.fs = fs;
    this.conf = conf;
    this.locator = locator;
    this.startTime = startTime;
  }

  /**
   * @param files the stream's files, oldest first
   * @param from where the stream was read to; null starts at its oldest file
   */
  Batch read(String stream, List<WalFile> files, WalPosition from, int maxEntries)
      throws IOException, InterruptedException {
    List<WAL.Entry> entries = new ArrayList<>();
    List<WalPosition> ends = new ArrayList<>();
    int index = from == null ? firstUseful(files) : indexOf(files, from.file());
    if (from != null && index < 0) {
      if (locator.goneForGood(stream, from.file())) {
        throw new WalMissingException(stream, from);
      }
      return new Batch(entries, ends, from, false, false);
    }
    if (files.isEmpty()) {
      return new Batch(entries, ends, from, true, false);
    }
    if (index >= files.size()) {
      // a dead server's stream that ended before the start time: nothing to read, nothing to pin
      return new Batch(entries, ends, new WalPosition(files.get(files.size() - 1).name(), -1), true, true);
    }
    long position = from == null ? -1 : from.position();
    WalPosition end = from;
    boolean moved = false;
    while (index < files.size() && entries.size() < maxEntries) {
      WalFile file = files.get(index);
      boolean trailer = false;
      WALTailingReader reader;
      try {
        reader = WALFactory.createTailingReader(fs, file.path(), conf, position);
      } catch (FileNotFoundException e) {
        // archived or split between listing and opening: the next poll finds it in its new place
        moved = true;
        break;
      }
      if (end == null) {
        // a stream never read: checkpoint its first file even if that holds nothing yet
        end = new WalPosition(file.name(), -1);
      }
      try {
        while (entries.size() < maxEntries) {
          WALTailingReader.Result result = reader.next(-1);
          if (result.getState() == WALTailingReader.State.NORMAL) {
            entries.add(result.getEntry());
            position = result.getEntryEndPos();
            end = new WalPosition(file.name(), position);
            ends.add(end);
            continue;
          }
          trailer = result.getState() == WALTailingReader.State.EOF_WITH_TRAILER;
          break;
        }
      } finally {
        reader.close();
      }
      if (entries.size() >= maxEntries) {
        break;
      }
      boolean newerExists = index + 1 < files.size();
      if (!(trailer || (newerExists && isClosed(file)))) {
        break;
      }
      index++;
      position = -1;
      if (index < files.size()) {
        end = new WalPosition(files.get(index).name(), -1);
      }
    }
    return new Batch(entries, ends, end, !moved && entries.size() < maxEntries, index >= files.size());
  }

  /**
   * A stream never read starts at the first file that can hold edits from the start time on: a
   * file holds only edits written before its successor was created (the roll), less a minute of
   * margin for appends racing the roll. Older files are not read, and not pinned either; nor is a
   * dead server's stream last written before the start time.
   */
  private int firstUseful(List<WalFile> files) {
    WalFile last = files.isEmpty() ? null : files.get(files.size() - 1);
    if (last != null && !locator.isLive(last) && last.modified() < startTime - ROLL_MARGIN_MS) {
      return files.size();
    }
    int index = 0;
    while (index + 1 < files.size() && files.get(index + 1).created() < startTime - ROLL_MARGIN_MS) {
      index++;
    }
    return index;
  }

  private boolean isClosed(WalFile file) throws IOException {
    Path now = locator.locate(file);
    if (now == null || now.getParent().getName().equals("oldWALs")) {
      return true;
    }
    return fs instanceof DistributedFileSystem dfs && dfs.isFileClosed(now);
  }

  private static int indexOf(List<WalFile> files, String name) {
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
