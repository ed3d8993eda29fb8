package io.hbasetunnel.operator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.contract.command.BulkloadArgs;
import io.hbasetunnel.contract.command.CleanupArgs;
import io.hbasetunnel.contract.command.Clusters;
import io.hbasetunnel.contract.command.CopyArgs;
import io.hbasetunnel.contract.command.ReleasePinArgs;
import io.hbasetunnel.contract.command.SchemaArgs;
import io.hbasetunnel.contract.command.VerifyArgs;
import io.hbasetunnel.contract.command.WalSyncArgs;
import io.hbasetunnel.contract.command.WorkerArgs;
import io.hbasetunnel.worker.WorkerMain;
import io.hbasetunnel.worker.wal.TableMapping;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Parses a rendered worker command with the worker's own command line ({@link WorkerMain}'s
 * picocli tree, nothing run) and checks every option the worker sees against the typed object it
 * was rendered from: a flag renamed, dropped or mistyped on either side fails here.
 */
final class CommandRoundTrip {
  private CommandRoundTrip() {}

  /** The worker's parse of {@code args} (the subcommand first), failing on what the worker would refuse. */
  static ParseResult parse(List<String> args) {
    ParseResult parsed = new CommandLine(new WorkerMain()).parseArgs(args.toArray(String[]::new));
    assertThat(parsed.hasSubcommand()).as("a subcommand in %s", args).isTrue();
    return parsed.subcommand();
  }

  /** Renders {@code typed}, parses it as the worker does and compares option by option. */
  static void assertRoundTrip(WorkerArgs typed) {
    ParseResult parsed = parse(typed.toArgs());
    assertThat(parsed.commandSpec().name()).isEqualTo(typed.command());
    assertMatches(parsed, typed);
  }

  /** Every field of {@code typed} as the worker parsed it from {@code parsed}. */
  static void assertMatches(ParseResult parsed, WorkerArgs typed) {
    clusters(parsed, typed.clusters());
    if (typed instanceof SchemaArgs a) {
      table(parsed, a.table(), a.targetTable(), a.families());
      option(parsed, "--compression", a.compression());
      option(parsed, "--progress-file", a.progressFile());
      flag(parsed, "--retain-deletes", a.retainDeletes());
      flag(parsed, "--defer-compactions", a.deferCompactions());
    }
    if (typed instanceof CopyArgs a) {
      table(parsed, a.table(), a.targetTable(), a.families());
      option(parsed, "--task-id", a.taskId());
      option(parsed, "--staging-dir", a.stagingDir());
      flag(parsed, "--retain-deletes", a.retainDeletes());
      option(parsed, "--follow-on-sync-id", a.followOnSyncId());
      option(parsed, "--progress-file", a.progressFile());
      option(parsed, "--mode", a.mode());
      flag(parsed, "--load-as-staged", a.loadAsStaged());
      option(parsed, "--snapshot", a.snapshot());
      option(parsed, "--start-time", a.startTime());
      option(parsed, "--end-time", a.endTime());
      option(parsed, "--start-row", a.startRow());
      option(parsed, "--stop-row", a.stopRow());
      option(parsed, "--max-versions", a.maxVersions());
      option(parsed, "--rate-limit-mbps", a.rateLimitMbps());
      option(parsed, "--compression", a.compression());
      option(parsed, "--status-port", a.statusPort());
    }
    if (typed instanceof BulkloadArgs a) {
      table(parsed, a.table(), a.targetTable(), a.families());
      option(parsed, "--task-id", a.taskId());
      option(parsed, "--staging-dir", a.stagingDir());
      option(parsed, "--progress-file", a.progressFile());
      option(parsed, "--snapshot", a.snapshot());
      option(parsed, "--status-port", a.statusPort());
    }
    if (typed instanceof VerifyArgs a) {
      table(parsed, a.table(), a.targetTable(), a.families());
      option(parsed, "--snapshot", a.snapshot());
      option(parsed, "--sample-regions", a.sampleRegions());
      flag(parsed, "--json", a.json());
      option(parsed, "--report-file", a.reportFile());
    }
    if (typed instanceof CleanupArgs a) {
      option(parsed, "--task-id", a.taskId());
      option(parsed, "--staging-dir", a.stagingDir());
      assertThat(tables(parsed)).as("--tables").isEqualTo(a.tables());
    }
    if (typed instanceof WalSyncArgs a) {
      flag(parsed, "--arm-only", a.armOnly());
      option(parsed, "--sync-id", a.syncId());
      assertThat(tables(parsed)).as("--tables").isEqualTo(a.tables());
      assertThat(new LinkedHashSet<>(listOption(parsed, "--families"))).as("--families")
          .isEqualTo(new LinkedHashSet<>(a.families()));
      option(parsed, "--worker-id", a.workerId());
      option(parsed, "--status-port", a.statusPort());
      option(parsed, "--status-file", a.statusFile());
      option(parsed, "--start-time", a.startTime());
      option(parsed, "--retain-deletes-until", a.retainDeletesUntil());
    }
    if (typed instanceof ReleasePinArgs a) {
      option(parsed, "--sync-id", a.syncId());
    }
  }

  private static void clusters(ParseResult parsed, Clusters clusters) {
    option(parsed, "--source-conf", clusters.sourceConf());
    option(parsed, "--destination-conf", clusters.destinationConf());
  }

  private static void table(ParseResult parsed, String table, String target, List<String> families) {
    option(parsed, "--table", table);
    option(parsed, "--target-table", target);
    assertThat(listOption(parsed, "--families")).as("--families").isEqualTo(families);
  }

  /** The value the worker parsed, as text (paths, enums and numbers alike); null when the flag was not given. */
  private static void option(ParseResult parsed, String name, Object expected) {
    assertThat(parsed.hasMatchedOption(name)).as("%s given", name).isEqualTo(expected != null);
    if (expected != null) {
      Object value = parsed.matchedOptionValue(name, null);
      assertThat(Objects.toString(value)).as(name).isEqualTo(expected.toString());
    }
  }

  private static void flag(ParseResult parsed, String name, boolean expected) {
    assertThat(parsed.hasMatchedOption(name) && Boolean.TRUE.equals(parsed.matchedOptionValue(name, false)))
        .as(name).isEqualTo(expected);
  }

  private static List<String> listOption(ParseResult parsed, String name) {
    java.util.Collection<String> values = parsed.matchedOptionValue(name, List.of());
    return List.copyOf(values);
  }

  /** {@code --tables t1,ns:t2=target} as the worker reads it: each source table with its target. */
  private static Map<String, String> tables(ParseResult parsed) {
    String text = parsed.matchedOptionValue("--tables", null);
    if (text == null) {
      return null;
    }
    // the worker's own reading of the flag
    Map<String, String> tables = new LinkedHashMap<>();
    TableMapping.parse(text).targets().forEach((source, target) -> tables.put(name(source), name(target)));
    return tables;
  }

  private static String name(org.apache.hadoop.hbase.TableName table) {
    return table.getNameAsString();
  }
}
