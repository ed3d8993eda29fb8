package io.hbasetunnel.worker.wal;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * One WAL file of a region server's stream. The name never changes; the path does (WALs/ ->
 * -splitting/ -> oldWALs/), so a file is always looked up again by name.
 *
 * @param stream the region server's WAL prefix: all its files, in creation order, are one stream
 * @param created the creation time in the file name's suffix, which orders a stream's files
 * @param modified the filesystem's modification time: meaningful for closed files only
 * @param length the length listed (a file being written lists its completed blocks only; -1: not known)
 */
public record WalFile(String name, String stream, long created, Path path, long modified, long length) {

  public WalFile(String name, String stream, long created, Path path, long modified) {
    this(name, stream, created, path, modified, -1);
  }

  /** {@code <prefix>.<timestamp>}; meta WALs ({@code ...meta}) are not user data and are skipped by the locator. */
  static WalFile of(FileStatus status) {
    Path path = status.getPath();
    String name = path.getName();
    int dot = name.lastIndexOf('.');
    long created = createdOf(name);
    return created < 0 ? null : new WalFile(name, name.substring(0, dot), created, path, status.getModificationTime(),
        status.getLen());
  }

  /** The creation time in a WAL file's name, or -1 when the name has none. */
  static long createdOf(String name) {
    try {
      return Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
