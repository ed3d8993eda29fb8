package io.hbasetunnel.worker.copy;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.tool.BulkLoadHFilesTool;
import org.apache.hadoop.hbase.tool.LoadIncrementalHFiles;

/**
 * HBase's bulk-load tool with a fault point after each region's part of a request: a request
 * whose files were split across destination regions can be interrupted between the halves.
 */
@SuppressWarnings("deprecation")
final class RegionLoadTool extends BulkLoadHFilesTool {
  RegionLoadTool(Configuration conf) {
    super(conf);
  }

  @Override
  protected List<LoadIncrementalHFiles.LoadQueueItem> tryAtomicRegionLoad(Connection connection, TableName table,
      byte[] first, Collection<LoadIncrementalHFiles.LoadQueueItem> items, boolean copyFile) throws IOException {
    List<LoadIncrementalHFiles.LoadQueueItem> failed = super.tryAtomicRegionLoad(connection, table, first, items, copyFile);
    FaultPoint.LOAD_REGION_DONE.reached();
    return failed;
  }
}
