package io.hbasetunnel.worker.copy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Durable "this unit is finished" markers on the destination's filesystem, beside the staged
 * files: a rerun, another shard's pod or a retried Job skips what is marked. A marker is written
 * to a temporary name and renamed, so it exists only complete.
 */
public final class UnitCheckpoints {
  private final FileSystem fs;
  private final Path dir;

  /** @param stage e.g. "copied" or "loaded" */
  public UnitCheckpoints(FileSystem fs, Path tableStagingDir, String stage) {
    this.fs = fs;
    this.dir = new Path(tableStagingDir, stage);
  }

  public boolean isDone(WorkUnit unit) throws IOException {
    return fs.exists(marker(unit));
  }

  public void markDone(WorkUnit unit, String summaryJson) throws IOException {
    Path marker = marker(unit);
    Path tmp = new Path(dir, "." + unit.id() + ".tmp");
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(summaryJson.getBytes(StandardCharsets.UTF_8));
      out.hsync();
    }
    if (!fs.rename(tmp, marker) && !fs.exists(marker)) {
      throw new IOException("cannot write checkpoint " + marker);
    }
  }

  public int countDone() throws IOException {
    if (!fs.exists(dir)) {
      return 0;
    }
    int count = 0;
    for (var status : fs.listStatus(dir)) {
      if (!status.getPath().getName().startsWith(".")) {
        count++;
      }
    }
    return count;
  }

  private Path marker(WorkUnit unit) {
    return new Path(dir, unit.id());
  }
}
