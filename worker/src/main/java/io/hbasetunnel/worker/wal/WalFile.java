package io.hbasetunnel.worker.wal;

import org.apache.hadoop.fs.Path;

/**
 * One WAL file of a region server's stream. The name never changes; the path does (WALs/ ->
 * -splitting/ -> oldWALs/), so a file is always looked up again by name.
 *
 * @param stream the region server's WAL prefix: all its files, in creation order, are one stream
 * @param created the creation time in the file name's suffix, which orders a stream's files
 */
public record WalFile(String name, String stream, long created, Path path) {

  /** {@code <prefix>.<timestamp>}; meta WALs ({@code ...meta}) are not user data and are skipped by the locator. */
  static WalFile of(Path path) {
    String name = path.getName();
    int dot = name.lastIndexOf('.');
    long created;
    try {
      created = Long.parseLong(name.substring(dot + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    return new WalFile(name, name.substring(0, dot), created, path);
  }
}
