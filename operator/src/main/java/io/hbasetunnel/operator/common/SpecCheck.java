package io.hbasetunnel.operator.common;

import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.FullDataMigrationSpec;
import io.hbasetunnel.api.v1alpha1.IncrementalSyncSpec;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskSpecRules;
import io.hbasetunnel.api.v1alpha1.VerifySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What cannot work, found before anything is created: first the rules every entry path shares
 * ({@link TaskSpecRules}: system tables, a table twice, two tables into one target, one cluster
 * as both ends, and on a started task a changed source, destination or target), then keys of the
 * other kind of task and settings the worker cannot honour together.
 * Everything accepted is then used; nothing is silently dropped.
 */
public final class SpecCheck {
  /** The tables' destinations (source -> target, in spec order), or why the spec cannot work. */
  public record Result(Map<String, String> targets, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  /** extraAttrs keys only a full copy uses: wal-sync has no snapshot, row range, version limit or rate limit. */
  private static final Map<String, Function<ExtraAttrs, Object>> FULL_ONLY = new LinkedHashMap<>();

  static {
    FULL_ONLY.put("snapshotName", ExtraAttrs::getSnapshotName);
    FULL_ONLY.put("incrementalFollowOn", ExtraAttrs::getIncrementalFollowOn);
    FULL_ONLY.put("verify", ExtraAttrs::getVerify);
    FULL_ONLY.put("endTime", ExtraAttrs::getEndTime);
    FULL_ONLY.put("startRow", ExtraAttrs::getStartRow);
    FULL_ONLY.put("stopRow", ExtraAttrs::getStopRow);
    FULL_ONLY.put("maxVersions", ExtraAttrs::getMaxVersions);
    FULL_ONLY.put("rateLimitMBps", ExtraAttrs::getRateLimitMBps);
  }

  private SpecCheck() {}

  public static Result fullData(FullDataMigrationSpec spec) {
    return fullData(spec, null);
  }

  /**
   * @param running the spec the task runs on (its last valid one) when it has started, else null:
   *     source, destination and a kept table's target must not differ from it
   */
  public static Result fullData(FullDataMigrationSpec spec, FullDataMigrationSpec running) {
    Result targets = rules(TaskSpecRules.check(spec), running == null ? List.of() : TaskSpecRules.changes(running, spec))
        .orElseGet(() -> targets(spec.getTables(), spec.getExtraAttrs()));
    if (!targets.ok()) {
      return targets;
    }
    ExtraAttrs extra = spec.getExtraAttrs();
    if (followOn(spec)) {
      if (extra.getSnapshotName() != null) {
        return invalid("extraAttrs.snapshotName with incrementalFollowOn: a snapshot taken before the WALs are pinned"
            + " misses the edits in between; leave snapshotName out so the copy snapshots after the arm");
      }
      String families = oneFamilyList(spec.getTables(), extra);
      if (families != null) {
        return invalid(families);
      }
    }
    boolean verifyAsked = spec.getVerify() != null || (extra != null && extra.getVerify() != null);
    if (verifyAsked && VerifySpec.effective(spec.getVerify(), extra).getMode() != VerifySpec.VerifyMode.NONE
        && copyFilter(extra) != null) {
      return invalid("verify compares whole snapshot regions, but the copy is filtered by extraAttrs." + copyFilter(extra)
          + "; set verify.mode NONE or drop the filter");
    }
    return targets;
  }

  public static Result incremental(IncrementalSyncSpec spec) {
    return incremental(spec, null);
  }

  /** @param running as for {@link #fullData(FullDataMigrationSpec, FullDataMigrationSpec)} */
  public static Result incremental(IncrementalSyncSpec spec, IncrementalSyncSpec running) {
    Result targets = rules(TaskSpecRules.check(spec), running == null ? List.of() : TaskSpecRules.changes(running, spec))
        .orElseGet(() -> targets(spec.getTables(), spec.getExtraAttrs()));
    if (!targets.ok()) {
      return targets;
    }
    ExtraAttrs extra = spec.getExtraAttrs();
    if (extra != null) {
      List<String> wrong = FULL_ONLY.entrySet().stream().filter(e -> e.getValue().apply(extra) != null).map(Map.Entry::getKey).toList();
      if (!wrong.isEmpty()) {
        return invalid("extraAttrs " + String.join(", ", wrong) + " only apply to a full copy (FullDataMigration);"
            + " an IncrementalSync cannot honour them: remove them");
      }
    }
    String families = oneFamilyList(spec.getTables(), extra);
    return families == null ? targets : invalid(families);
  }

  /** A table's families: its own list, else extraAttrs.columnFamilies; empty: all. */
  public static List<String> families(TableSpec table, ExtraAttrs extra) {
    if (table.getColumnFamilies() != null && !table.getColumnFamilies().isEmpty()) {
      return table.getColumnFamilies();
    }
    return extra == null || extra.getColumnFamilies() == null ? List.of() : extra.getColumnFamilies();
  }

  /** The one family list a wal-sync applies to all its tables (it takes a single --families). */
  public static List<String> syncFamilies(List<TableSpec> tables, ExtraAttrs extra) {
    return tables.isEmpty() ? List.of() : families(tables.get(0), extra);
  }

  public static boolean followOn(FullDataMigrationSpec spec) {
    return spec.getExtraAttrs() != null && Boolean.TRUE.equals(spec.getExtraAttrs().getIncrementalFollowOn());
  }

  /** The extraAttrs key that makes the copy less than the whole snapshot, if any. */
  public static String copyFilter(ExtraAttrs extra) {
    if (extra == null) {
      return null;
    }
    return extra.getStartTime() != null ? "startTime" : extra.getEndTime() != null ? "endTime"
        : extra.getStartRow() != null ? "startRow" : extra.getStopRow() != null ? "stopRow"
        : extra.getMaxVersions() != null ? "maxVersions" : null;
  }

  /** The shared rules' problems, each naming its field, as one error. */
  private static Optional<Result> rules(List<TaskSpecRules.Problem> problems, List<TaskSpecRules.Problem> changes) {
    List<TaskSpecRules.Problem> all = new ArrayList<>(changes);
    all.addAll(problems);
    return all.isEmpty() ? Optional.empty()
        : Optional.of(invalid(String.join("; ", all.stream().map(TaskSpecRules.Problem::toString).toList())));
  }

  private static Result targets(List<TableSpec> tables, ExtraAttrs extra) {
    try {
      return new Result(io.hbasetunnel.api.v1alpha1.TargetTables.resolve(tables, extra), null);
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
  }

  private static String oneFamilyList(List<TableSpec> tables, ExtraAttrs extra) {
    Set<Set<String>> lists = new LinkedHashSet<>();
    tables.forEach(t -> lists.add(new LinkedHashSet<>(families(t, extra))));
    return lists.size() <= 1 ? null : "tables with different columnFamilies " + new ArrayList<>(lists)
        + ": wal-sync applies one family list to all its tables; give them the same families (or use extraAttrs.columnFamilies)";
  }

  private static Result invalid(String message) {
    return new Result(Map.of(), message);
  }
}
