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
 * (WAL-NOTES.md). A file is finished when its trailer is read, or when it is closed and a newer
 * file exists; then reading goes on in the next file.
 */
final class WalStreamReader {
  /** Entries read and the position after the last of them. */
  record Batch(List<WAL.Entry> entries, WalPosition end) {}

  private final FileSystem fs;
  private final Configuration conf;
  private final WalLocator locator;

  WalStreamReader(FileSystem fs, Configuration conf, WalLocator locator) {
    this.fs = fs;
    this.conf = conf;
    this.locator = locator;
  }

  /**
   * @param files the stream's files, oldest first
   * @param from where the stream was read to; null starts at its oldest file
   */
  Batch read(String stream, List<WalFile> files, WalPosition from, int maxEntries) throws IOException {
    List<WAL.Entry> entries = new ArrayList<>();
    int index = from == null ? 0 : indexOf(files, from.file());
    if (from != null && index < 0) {
      throw new WalMissingException(stream, from);
    }
    if (files.isEmpty()) {
      return new Batch(entries, from);
    }
    long position = from == null ? -1 : from.position();
    WalPosition end = from;
    while (index < files.size() && entries.size() < maxEntries) {
      WalFile file = files.get(index);
      boolean trailer = false;
      WALTailingReader reader;
      try {
        reader = WALFactory.createTailingReader(fs, file.path(), conf, position);
      } catch (FileNotFoundException moved) {
        // archived or split between listing and opening: the next poll finds it in its new place
        break;
      }
      try {
        while (entries.size() < maxEntries) {
          WALTailingReader.Result result = reader.next(-1);
          if (result.getState() == WALTailingReader.State.NORMAL) {
            entries.add(result.getEntry());
            position = result.getEntryEndPos();
            end = new WalPosition(file.name(), position);
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
    return new Batch(entries, end);
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
