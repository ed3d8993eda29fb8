package io.hbasetunnel.contract.command;

import java.util.List;
import java.util.Optional;

/** {@code worker release-pin}: delete a deleted sync's checkpoint row (the operator removes the pin itself). */
public record ReleasePinArgs(Clusters clusters, String syncId) implements WorkerArgs {
  @Override
  public String command() {
    return "release-pin";
  }

  @Override
  public List<String> toArgs() {
    return new Flags(command(), clusters).value("--sync-id", syncId).build();
  }

  @Override
  public Optional<String> runId() {
    return Optional.ofNullable(syncId);
  }
}
