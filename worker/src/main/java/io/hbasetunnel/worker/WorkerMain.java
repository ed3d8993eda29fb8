package io.hbasetunnel.worker;

import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.cli.WorkerException;
import io.hbasetunnel.worker.copy.BulkloadCommand;
import io.hbasetunnel.worker.copy.CleanupCommand;
import io.hbasetunnel.worker.copy.CopyCommand;
import io.hbasetunnel.worker.schema.SchemaCommand;
import io.hbasetunnel.worker.verify.VerifyCommand;
import io.hbasetunnel.worker.wal.ReleasePinCommand;
import io.hbasetunnel.worker.wal.WalSyncCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code worker <command>}: the data path of HBase Tunnel as a command line. */
@Command(name = "worker",
    mixinStandardHelpOptions = true,
    version = "hbase-tunnel worker 0.1.0",
    description = "HBase Tunnel worker: copies and syncs HBase tables between two clusters.",
    subcommands = {
        SchemaCommand.class,
        CopyCommand.class,
        BulkloadCommand.class,
        CleanupCommand.class,
        WalSyncCommand.class,
        ReleasePinCommand.class,
        VerifyCommand.class,
        CommandLine.HelpCommand.class})
public final class WorkerMain {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command and returns its exit code; errors become one clear line, not a stack trace. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new WorkerMain());
    cli.setExecutionExceptionHandler(WorkerMain::handle);
    cli.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("error: " + e.getMessage());
      e.getCommandLine().getErr().println("see: worker " + e.getCommandLine().getCommandName() + " --help");
      return ExitCodes.BAD_INPUT;
    });
    return cli.execute(args);
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    WorkerException known = find(e);
    if (known != null) {
      err.println("error: " + known.getMessage());
      return known.exitCode();
    }
    // unexpected: still one line for the user; the trace only when asked for
    err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    if (Boolean.getBoolean("worker.debug")) {
      e.printStackTrace(err);
    }
    return ExitCodes.RETRYABLE;
  }

  private static WorkerException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkerException w) {
        return w;
      }
    }
    return null;
  }
}
