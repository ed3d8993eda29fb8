package io.hbasetunnel.api.v1alpha1;

import io.fabric8.generator.annotation.ValidationRule;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** What to keep in sync: the LTS "incr" create parameters. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = TaskSpecRules.CEL_TWO_CLUSTERS, message = TaskSpecRules.CEL_TWO_CLUSTERS_MESSAGE,
    fieldPath = ".destination")
public class IncrementalSyncSpec {
  @JsonPropertyDescription("Channel name shown by the LTS API (LTS name); defaults to the resource name.")
  private String displayName;

  @Required
  @Pattern(Patterns.RESOURCE_NAME)
  @ValidationRule(value = TaskSpecRules.CEL_IMMUTABLE, message = TaskSpecRules.CEL_IMMUTABLE_MESSAGE)
  @JsonPropertyDescription("Name of the source HBaseCluster (LTS src).")
  private String source;

  @Required
  @Pattern(Patterns.RESOURCE_NAME)
  @ValidationRule(value = TaskSpecRules.CEL_IMMUTABLE, message = TaskSpecRules.CEL_IMMUTABLE_MESSAGE)
  @JsonPropertyDescription("Name of the destination HBaseCluster (LTS dst).")
  private String destination;

  @Required
  @Size(min = 1, max = TaskSpecRules.MAX_TABLES)
  @ValidationRule(value = TaskSpecRules.CEL_NO_DUPLICATE, message = TaskSpecRules.CEL_NO_DUPLICATE_MESSAGE)
  @ValidationRule(value = TaskSpecRules.CEL_DISTINCT_TARGETS, message = TaskSpecRules.CEL_DISTINCT_TARGETS_MESSAGE)
  @ValidationRule(value = TaskSpecRules.CEL_TARGETS_KEPT, message = TaskSpecRules.CEL_TARGETS_KEPT_MESSAGE)
  @JsonPropertyDescription("Tables whose WAL edits are applied to the destination (LTS tableNames); may change while running.")
  private List<TableSpec> tables = new ArrayList<>();

  @Default("true")
  @JsonPropertyDescription("Create destination tables when missing.")
  private Boolean createTable = Boolean.TRUE;

  @ValidationRule(value = ExtraAttrs.INCREMENTAL_RULE, message = ExtraAttrs.INCREMENTAL_RULE_MESSAGE)
  @JsonPropertyDescription("Advanced settings: tableMapping, namespaceMapping, columnFamilies, compression (of created"
      + " tables), parallelism (workers) and startTime (ms, where capture starts). The copy-only keys are refused.")
  private ExtraAttrs extraAttrs;

  @JsonPropertyDescription("Set by the FullDataMigration that owns this sync: the --sync-id its arm Job pinned the WALs"
      + " with, so the sync applies from the armed time with that pin (and releases it on delete). Leave unset.")
  private String armedSyncId;

  @Default("false")
  @JsonPropertyDescription("true scales the workers to zero (LTS abort); the WAL pin stays so nothing is lost.")
  private Boolean paused = Boolean.FALSE;

  @JsonPropertyDescription("Change to any new value to restart from the checkpoint (LTS retry).")
  private String retryNonce;
}
