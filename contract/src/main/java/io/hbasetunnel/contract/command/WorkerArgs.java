package io.hbasetunnel.contract.command;

import java.util.List;
import java.util.Optional;

/**
 * One worker command's options as a type (docs/worker-contract.md): the operator builds one and
 * renders it with {@link #toArgs()}; the worker's picocli command of the same name parses it. A
 * {@code null} option is left out (the worker's default applies).
 */
public sealed interface WorkerArgs permits SchemaArgs, CopyArgs, BulkloadArgs, VerifyArgs, CleanupArgs, WalSyncArgs,
    ReleasePinArgs {
  /** The subcommand: schema, copy, bulkload, cleanup, wal-sync, release-pin, verify. */
  String command();

  Clusters clusters();

  /** The arguments after the worker executable, the subcommand first. */
  List<String> toArgs();

  /** The run this command works for: its {@code --task-id}, else its {@code --sync-id}. */
  Optional<String> runId();
}
