package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;
import java.util.Map;
import lombok.Data;

/**
 * Typed advanced settings (the LTS {@code extraAttrs}). Unknown keys are an error, not ignored,
 * so a typo never silently changes what is copied.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = false)
public class ExtraAttrs {
  /** Keys that only a full copy honours; an incremental sync applies every edit from startTime on. */
  public static final List<String> COPY_ONLY_KEYS = List.of("endTime", "startRow", "stopRow", "maxVersions",
      "rateLimitMBps", "snapshotName", "incrementalFollowOn");

  /** The CRD's CEL rule for an IncrementalSync's extraAttrs: none of {@link #COPY_ONLY_KEYS}. */
  public static final String INCREMENTAL_RULE = "!has(self.endTime) && !has(self.startRow) && !has(self.stopRow)"
      + " && !has(self.maxVersions) && !has(self.rateLimitMBps) && !has(self.snapshotName)"
      + " && !has(self.incrementalFollowOn)";

  public static final String INCREMENTAL_RULE_MESSAGE = "endTime, startRow, stopRow, maxVersions, rateLimitMBps,"
      + " snapshotName and incrementalFollowOn apply to full-data migrations only: an incremental sync applies every"
      + " edit of its tables from startTime on; remove them";

  /** The copy-only keys set here, in the order of {@link #COPY_ONLY_KEYS}. */
  public List<String> copyOnlyKeysSet() {
    List<String> set = new java.util.ArrayList<>();
    Object[] values = {endTime, startRow, stopRow, maxVersions, rateLimitMBps, snapshotName, incrementalFollowOn};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        set.add(COPY_ONLY_KEYS.get(i));
      }
    }
    return set;
  }

  @JsonPropertyDescription("Map of source namespace to destination namespace, e.g. {\"prod\": \"staging\"}.")
  private Map<String, String> namespaceMapping;

  @JsonPropertyDescription("Map of source table to destination table, e.g. {\"t1\": \"ns2:t1_copy\"}; a table's targetName wins.")
  private Map<String, String> tableMapping;

  @JsonPropertyDescription("Copy/sync only these column families of every table (all when empty).")
  private List<@Pattern(Patterns.FAMILY_NAME) String> columnFamilies;

  @Min(0)
  @JsonPropertyDescription("Only cells with timestamp >= startTime (ms). For incremental sync: where capture starts (default: the resource's creation).")
  private Long startTime;

  @Min(0)
  @JsonPropertyDescription("Only cells with timestamp < endTime (ms).")
  private Long endTime;

  @JsonPropertyDescription("First row key to copy (inclusive), in HBase's escaped binary form (e.g. \\x00row).")
  private String startRow;

  @JsonPropertyDescription("Row key to stop before (exclusive), in HBase's escaped binary form.")
  private String stopRow;

  @Min(1)
  @JsonPropertyDescription("Keep at most this many versions per cell.")
  private Integer maxVersions;

  @Min(1)
  @JsonPropertyDescription("Rate limit per worker in MB/s (unlimited when absent).")
  private Integer rateLimitMBps;

  @Min(1)
  @Max(256)
  @JsonPropertyDescription("Number of parallel workers (copy pods per table, or wal-sync replicas).")
  private Integer parallelism;

  @JsonPropertyDescription("Compression of the destination's column families, overriding the source's.")
  private Compression compression;

  @JsonPropertyDescription("Use this existing source snapshot instead of taking one (full copy only).")
  private String snapshotName;

  @JsonPropertyDescription("FullDataMigration only. true: before the copy takes its snapshots, a Job pins the source's WALs"
      + " and records the time (wal-sync --arm-only); after every table is copied, loaded and verified, an IncrementalSync"
      + " <migration>-sync owned by the migration applies the edits from that time on with the same pin. The migration"
      + " stays RUNNING while its sync runs; Ready means copied and in sync.")
  private Boolean incrementalFollowOn;

  @JsonPropertyDescription("FullDataMigration only: how each table is verified after its copy (spec.verify wins).")
  private VerifySpec verify;
}
