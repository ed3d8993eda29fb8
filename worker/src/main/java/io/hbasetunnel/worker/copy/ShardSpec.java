package io.hbasetunnel.worker.copy;

import io.hbasetunnel.worker.cli.WorkerException;

/** Which share of a table's work units this process takes: unit j belongs to shard j mod count. */
public record ShardSpec(int index, int count) {
  public static final ShardSpec ALL = new ShardSpec(0, 1);

  /** Parses {@code i/N} (a Kubernetes Indexed Job passes i as JOB_COMPLETION_INDEX). */
  public static ShardSpec parse(String text) {
    String[] parts = text.split("/", -1);
    try {
      if (parts.length == 2) {
        ShardSpec shard = new ShardSpec(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        if (shard.count > 0 && shard.index >= 0 && shard.index < shard.count) {
          return shard;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw WorkerException.badInput("--shard '" + text + "' must be i/N with 0 <= i < N, e.g. 0/4");
  }

  public boolean owns(int unitOrdinal) {
    return unitOrdinal % count == index;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
