package io.hbasetunnel.contract.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code worker wal-sync}: apply the source's WAL edits to the destination; with {@code armOnly},
 * pin the WALs and record the start time, apply nothing.
 *
 * @param syncId names the checkpoint row and the WAL pin (naming.TaskIds#runId)
 * @param tables each source table (in order) with its target when renamed
 * @param startTime apply edits written at or after this time (ms); null: now (or the armed time)
 * @param retainDeletesUntil a follow-on sync: give the source's delete retention back once applied past it
 */
public record WalSyncArgs(Clusters clusters, boolean armOnly, String syncId, Map<String, String> tables,
    List<String> families, String workerId, Integer statusPort, String statusFile, Long startTime,
    Long retainDeletesUntil) implements WorkerArgs {
  public WalSyncArgs {
    tables = tables == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    families = families == null ? List.of() : List.copyOf(families);
  }

  @Override
  public String command() {
    return "wal-sync";
  }

  @Override
  public List<String> toArgs() {
    return new Flags(command(), clusters).on("--arm-only", armOnly).value("--sync-id", syncId)
        .tables("--tables", tables).list("--families", families).value("--worker-id", workerId)
        .value("--status-port", statusPort).value("--status-file", statusFile).value("--start-time", startTime)
        .value("--retain-deletes-until", retainDeletesUntil).build();
  }

  @Override
  public Optional<String> runId() {
    return Optional.ofNullable(syncId);
  }
}
