package io.hbasetunnel.worker.wal;

import io.hbasetunnel.testing.TestCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.util.CommonFSUtils;

/** The source cluster's WALs as a test sees and moves them. */
final class SourceWals {
  private final TestCluster source;

  SourceWals(TestCluster source) {
    this.source = source;
  }

  /**
   * Roll every server's WAL, flush, and roll again: a WAL is archived at a roll once every region
   * with edits in it has flushed, so the second roll archives the first one's file.
   */
  void rollAll() throws IOException {
    try (Admin admin = source.admin()) {
      for (ServerName server : admin.getRegionServers()) {
        admin.rollWALWriter(server);
      }
      // system tables too: an unflushed hbase:namespace edit keeps a WAL from being archived
      for (TableName table : admin.listTableNames((Pattern) null, true)) {
        admin.flush(table);
      }
      for (ServerName server : admin.getRegionServers()) {
        admin.rollWALWriter(server);
      }
    }
  }

  /** Archived user-data WALs (meta WALs excluded). */
  List<String> archived() throws IOException {
    Path dir = new Path(root(), HConstants.HREGION_OLDLOGDIR_NAME);
    FileSystem fs = fileSystem();
    if (!fs.exists(dir)) {
      return List.of();
    }
    return Arrays.stream(fs.listStatus(dir)).map(s -> s.getPath().getName()).filter(n -> !n.contains(".meta")).toList();
  }

  /** WALs still under the servers' directories. */
  List<String> live() throws IOException {
    FileSystem fs = fileSystem();
    List<String> names = new ArrayList<>();
    for (FileStatus server : fs.listStatus(new Path(root(), HConstants.HREGION_LOGDIR_NAME))) {
      for (FileStatus file : fs.listStatus(server.getPath())) {
        names.add(file.getPath().getName());
      }
    }
    return names;
  }

  void deleteArchived(String name) throws IOException {
    fileSystem().delete(new Path(new Path(root(), HConstants.HREGION_OLDLOGDIR_NAME), name), false);
  }

  /** Replication peer ids on the source. */
  List<String> peers() throws IOException {
    try (Admin admin = source.admin()) {
      return admin.listReplicationPeers().stream().map(p -> p.getPeerId()).toList();
    }
  }

  /** The WAL root: {@code hbase.wal.dir} when set, else the root directory. */
  private Path root() throws IOException {
    return CommonFSUtils.getWALRootDir(source.conf());
  }

  private FileSystem fileSystem() throws IOException {
    return CommonFSUtils.getWALFileSystem(source.conf());
  }
}
