package io.hbasetunnel.worker.bench;

import io.hbasetunnel.worker.copy.StagingFileSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.util.CommonFSUtils;

/**
 * Streams a table's store files from the source's filesystem to the destination's, with nothing
 * else (no HBase, no checkpoints): the fastest any copy of those bytes can be on this machine.
 */
final class RawStoreFileCopy {
  private RawStoreFileCopy() {}

  static long copy(Configuration sourceConf, TableName table, Configuration destinationConf, Path target, int threads)
      throws Exception {
    FileSystem from = FileSystem.get(sourceConf);
    // the same HDFS client settings as our staging writes (a file's close does not wait 400 ms)
    FileSystem to = FileSystem.newInstance(FileSystem.getDefaultUri(destinationConf),
        StagingFileSystem.tuned(destinationConf));
    Path tableDir = CommonFSUtils.getTableDir(CommonFSUtils.getRootDir(sourceConf), table);
    List<Path> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = from.listFiles(tableDir, true);
    while (it.hasNext()) {
      Path file = it.next().getPath();
      String name = file.getName();
      // store files only: <region>/<family>/<hfile>, not .regioninfo, recovered edits or .tmp
      if (!name.startsWith(".") && !file.getParent().getName().startsWith(".")
          && !file.getParent().getName().equals("recovered.edits") && file.getParent().getParent() != null
          && !file.getParent().getParent().equals(tableDir)) {
        files.add(file);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> copies = new ArrayList<>();
      for (Path file : files) {
        copies.add(pool.submit(() -> stream(from, file, to, new Path(target, file.getParent().getParent().getName()
            + "/" + file.getParent().getName() + "/" + file.getName()))));
      }
      long bytes = 0;
      for (Future<Long> copy : copies) {
        bytes += copy.get();
      }
      to.delete(target, true);
      return bytes;
    } finally {
      pool.shutdownNow();
      to.close();
    }
  }

  private static long stream(FileSystem from, Path file, FileSystem to, Path target) throws IOException {
    byte[] buffer = new byte[1 << 20];
    long copied = 0;
    try (InputStream in = from.open(file); OutputStream out = to.create(target, true)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    return copied;
  }
}
