package io.hbasetunnel.worker.wal;

/** Where a stream has been read to: a file and the end of the last entry applied (-1: its start). */
public record WalPosition(String file, long position) {
  static WalPosition parse(String text) {
    int at = text.lastIndexOf('@');
    return new WalPosition(text.substring(0, at), Long.parseLong(text.substring(at + 1)));
  }

  String format() {
    return file + "@" + position;
  }
}
