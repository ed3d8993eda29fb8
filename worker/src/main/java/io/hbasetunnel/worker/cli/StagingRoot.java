package io.hbasetunnel.worker.cli;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Resolves --staging-dir on the destination's filesystem, where bulk load can move files cheaply. */
public final class StagingRoot {
  private StagingRoot() {}

  public static Path resolve(String stagingDir, Configuration destinationConf) throws IOException {
    Path path = new Path(stagingDir);
    if (path.toUri().getScheme() != null) {
      return path;
    }
    FileSystem fs = FileSystem.get(destinationConf);
    return fs.makeQualified(path);
  }
}
