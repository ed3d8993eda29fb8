package io.hbasetunnel.worker.wal;

/** Where a stream has been read to: a file and the end of the last entry applied (-1: its start). */
public record WalPosition(String file, long position) {
  static WalPosition parse(String text) {
    int at = text.lastIndexOf('@');
    return new WalPosition(text.substring(0, at), Long.parseLong(text.substring(at + 1)));
  }

  /** Whether this is an earlier place in the stream: an older file (by the creation time in its name), or earlier in the same file. */
  boolean isBefore(WalPosition other) {
    long created = WalFile.createdOf(file);
    long otherCreated = WalFile.createdOf(other.file);
    if (created != otherCreated) {
      return created < otherCreated;
    }
    int byName = file.compareTo(other.file);
    return byName != 0 ? byName < 0 : position < other.position;
  }

  String format() {
    return file + "@" + position;
  }
}
