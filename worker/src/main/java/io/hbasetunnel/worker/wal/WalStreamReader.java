package io.hbasetunnel.worker.wal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hbase.wal.WAL;
import org.apache.hadoop.hbase.wal.WALFactory;
import org.apache.hadoop.hbase.wal.WALTailingReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what is new in one region server's WAL stream since a position. The reader is opened
 * afresh at every poll: the readable length of a file being written is fixed when it is opened.
 * A file is finished when its trailer is read, or when it was already closed
 * before this read and the read reached its end, and a newer file exists or the server is dead
 * (a crashed server's last file has no trailer). Then reading goes on in the next file. A file
 * not found is looked for again, and a read error is retried from the last good entry: never
 * skipped.
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

  private static final Logger LOG = LoggerFactory.getLogger(WalStreamReader.class);
  private static final long ROLL_MARGIN_MS = 60_000;

  /** A moment when the region server may change a file under the reader: tests force races there. */
  interface RacePoint {
    void reached(WalFile file) throws IOException;
  }

  private RacePoint afterLocate = file -> {};
  private RacePoint afterRead = file -> {};
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

  /** Called when a file has been found where it is now, before the reader asks whether it is closed. */
  void afterLocate(RacePoint hook) {
    this.afterLocate = hook;
  }

  /** Called when a file has been read to what is readable now, before its reader closes. */
  void afterRead(RacePoint hook) {
    this.afterRead = hook;
  }

  /**
   * @param files the stream's files, oldest first
   * @param from where the stream was read to; null starts at its oldest file
   */
  Batch read(String stream, List<WalFile> files, WalPosition from, int maxEntries)
      throws IOException, InterruptedException {
    return read(stream, files, from, maxEntries, Long.MAX_VALUE);
  }

  /**
   * As {@link #read(String, List, WalPosition, int)}, stopping also once the entries read hold
   * {@code maxBytes} (their heap size; the entry that crosses the bound is kept, so a batch holds
   * at least one entry).
   */
  Batch read(String stream, List<WalFile> files, WalPosition from, int maxEntries, long maxBytes)
      throws IOException, InterruptedException {
    Limit limit = new Limit(maxEntries, maxBytes);
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
    while (index < files.size() && !limit.reached()) {
      WalFile file = files.get(index);
      if (end == null) {
        // a stream never read: checkpoint its first file even if that holds nothing yet
        end = new WalPosition(file.name(), -1);
      }
      // decided BEFORE the read: a file closed now has its final length, so reading it to its end
      // afterwards leaves nothing behind. Decided after, edits appended in between were skipped.
      Path now = locator.where(file);
      if (now == null) {
        // between two places (e.g. a crashed server's directory being renamed): look again next poll
        moved = true;
        break;
      }
      // a live server's newest file is never finished without its trailer, so it needs no check; a
      // dead server's last one (no trailer after a crash) is, once closed and read to its end
      boolean last = index + 1 >= files.size();
      boolean mayFinishClosed = !last || !locator.isLive(now);
      afterLocate.reached(file);
      boolean closed;
      try {
        closed = mayFinishClosed && isClosed(now);
      } catch (FileNotFoundException e) {
        // archived or split since it was located: look for it again at the next poll
        moved = true;
        break;
      }
      FileRead read = readFile(file, now, position, entries, ends, limit);
      position = read.position();
      if (position >= 0) {
        end = new WalPosition(file.name(), position);
      }
      if (read.outcome() == Outcome.MOVED || read.outcome() == Outcome.FAILED) {
        moved = true;
        break;
      }
      if (read.outcome() == Outcome.FULL) {
        break;
      }
      boolean finished = read.outcome() == Outcome.TRAILER || (closed && read.outcome() == Outcome.END);
      if (!finished) {
        break;
      }
      index++;
      position = -1;
      if (index < files.size()) {
        end = new WalPosition(files.get(index).name(), -1);
      }
    }
    return new Batch(entries, ends, end, !moved && !limit.reached(), index >= files.size());
  }

  /** How reading one file ended. */
  private enum Outcome {
    /** the trailer was read: the file is complete */
    TRAILER,
    /** the end of what is readable now, without a trailer */
    END,
    /** the batch is full */
    FULL,
    /** not found where it was listed: it moved */
    MOVED,
    /** a read error: read again from the last good entry at the next poll, never skip the rest */
    FAILED
  }

  /** How much a batch may still take: entries and bytes (the edits' heap size) read so far against their bounds. */
  private static final class Limit {
    private final int maxEntries;
    private final long maxBytes;
    private int entries;
    private long bytes;

    Limit(int maxEntries, long maxBytes) {
      this.maxEntries = maxEntries;
      this.maxBytes = maxBytes;
    }

    void add(WAL.Entry entry) {
      entries++;
      bytes += entry.getEdit().heapSize();
    }

    boolean reached() {
      return entries >= maxEntries || bytes >= maxBytes;
    }
  }

  /** @param position after the last entry read well (-1: the file's start) */
  private record FileRead(Outcome outcome, long position) {}

  private FileRead readFile(WalFile file, Path path, long position, List<WAL.Entry> entries, List<WalPosition> ends,
      Limit limit) throws IOException {
    WALTailingReader reader;
    try {
      reader = WALFactory.createTailingReader(fs, path, conf, position);
    } catch (FileNotFoundException e) {
      // archived or split between listing and opening: the next poll finds it in its new place
      return new FileRead(Outcome.MOVED, position);
    } catch (IOException e) {
      LOG.warn("cannot open WAL {} at {}; trying again at the next poll: {}", path, position, e.toString());
      return new FileRead(Outcome.FAILED, position);
    }
    try {
      while (!limit.reached()) {
        WALTailingReader.Result result = reader.next(-1);
        WALTailingReader.State state = result.getState();
        if (state == WALTailingReader.State.NORMAL) {
          entries.add(result.getEntry());
          limit.add(result.getEntry());
          position = result.getEntryEndPos();
          ends.add(new WalPosition(file.name(), position));
          continue;
        }
        afterRead.reached(file);
        if (state == WALTailingReader.State.EOF_WITH_TRAILER) {
          return new FileRead(Outcome.TRAILER, position);
        }
        if (state.eof()) {
          return new FileRead(Outcome.END, position);
        }
        LOG.warn("read error in WAL {} after byte {} ({}); reading it again from there at the next poll",
            path, position, state);
        return new FileRead(Outcome.FAILED, position);
      }
      return new FileRead(Outcome.FULL, position);
    } catch (FileNotFoundException e) {
      return new FileRead(Outcome.MOVED, position);
    } catch (IOException e) {
      LOG.warn("read error in WAL {} after byte {}; reading it again from there at the next poll: {}", path,
          position, e.toString());
      return new FileRead(Outcome.FAILED, position);
    } finally {
      reader.close();
    }
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

  /** Whether the file at its current place is closed: its length is final. */
  private boolean isClosed(Path now) throws IOException {
    if (now.getParent().getName().equals(HConstants.HREGION_OLDLOGDIR_NAME)) {
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
