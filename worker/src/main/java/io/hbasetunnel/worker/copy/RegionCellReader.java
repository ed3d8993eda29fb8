package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.hbase.CellFilter;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.client.ClientSideRegionScanner;
import org.apache.hadoop.hbase.client.Result;

/**
 * Reads one snapshot region's cells in this process, from the restored snapshot on the source's
 * filesystem: HFileLinks and split reference files are resolved by HBase's own region code.
 */
final class RegionCellReader implements AutoCloseable {
  private final ClientSideRegionScanner scanner;

  RegionCellReader(SnapshotSource snapshot, Path restoreDir, WorkUnit unit, CellFilter filter) throws IOException {
    this.scanner = new ClientSideRegionScanner(snapshot.conf(), snapshot.fileSystem(), restoreDir,
        snapshot.tableDescriptor(), unit.region(), filter.scanFor(unit.region()), null);
  }

  /** The next row (or part of a wide row), null at the end. */
  Result next() throws IOException {
    return scanner.next();
  }

  @Override
  public void close() {
    scanner.close();
  }
}
