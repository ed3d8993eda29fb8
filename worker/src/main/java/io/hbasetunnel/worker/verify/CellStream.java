package io.hbasetunnel.worker.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;

/**
 * The cells of a scanner one at a time, in the order the server returns them. With partial
 * results allowed, a row wider than memory is still read piece by piece.
 */
final class CellStream implements AutoCloseable {
  private final ResultScanner scanner;
  private Iterator<Cell> current = java.util.Collections.emptyIterator();
  private Cell head;
  private long count;

  CellStream(ResultScanner scanner) {
    this.scanner = scanner;
    advance();
  }

  /** The next cell without consuming it, or null at the end. */
  Cell peek() {
    return head;
  }

  void advance() {
    try {
      while (!current.hasNext()) {
        Result result = scanner.next();
        if (result == null) {
          head = null;
          return;
        }
        current = result.listCells() == null ? java.util.Collections.emptyIterator() : result.listCells().iterator();
      }
      head = current.next();
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cells handed out so far. */
  long count() {
    return count;
  }

  @Override
  public void close() {
    scanner.close();
  }
}
