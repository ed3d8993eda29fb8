package io.hbasetunnel.contract.command;

import java.util.List;
import java.util.Optional;

/**
 * {@code worker copy}: one shard (from {@code $JOB_COMPLETION_INDEX/$SHARD_COUNT}) of a table's
 * full copy from a snapshot.
 *
 * @param taskId names the snapshot and the staging directory (naming.TaskIds#runId)
 * @param followOnSyncId refuse a snapshot the source major-compacted after that sync was armed
 * @param loadAsStaged with {@link CopyMode#BULKLOAD}: each unit is bulk loaded as soon as it is staged
 * @param snapshot a snapshot the user named; absent, the worker takes (or reuses) the task's own
 * @param statusPort serve GET /status while running
 */
public record CopyArgs(Clusters clusters, String table, String targetTable, List<String> families, String taskId,
    String stagingDir, boolean retainDeletes, String followOnSyncId, String progressFile, CopyMode mode,
    boolean loadAsStaged, String snapshot, Long startTime, Long endTime, String startRow, String stopRow,
    Integer maxVersions, Integer rateLimitMbps, String compression, Integer statusPort) implements WorkerArgs {
  public CopyArgs {
    families = families == null ? List.of() : List.copyOf(families);
  }

  @Override
  public String command() {
    return "copy";
  }

  @Override
  public List<String> toArgs() {
    return new Flags(command(), clusters).value("--table", table).value("--target-table", targetTable)
        .list("--families", families).value("--task-id", taskId).value("--staging-dir", stagingDir)
        .on("--retain-deletes", retainDeletes).value("--follow-on-sync-id", followOnSyncId)
        .value("--progress-file", progressFile).value("--mode", mode).on("--load-as-staged", loadAsStaged)
        .value("--snapshot", snapshot).value("--start-time", startTime).value("--end-time", endTime)
        .value("--start-row", startRow).value("--stop-row", stopRow).value("--max-versions", maxVersions)
        .value("--rate-limit-mbps", rateLimitMbps).value("--compression", compression)
        .value("--status-port", statusPort).build();
  }

  @Override
  public Optional<String> runId() {
    return Optional.ofNullable(taskId);
  }
}
