package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** What to copy: the LTS "fulldata" create parameters. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = TaskSpecRules.CEL_TWO_CLUSTERS, message = TaskSpecRules.CEL_TWO_CLUSTERS_MESSAGE,
    fieldPath = ".destination")
public class FullDataMigrationSpec {
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
  @JsonPropertyDescription("Tables to migrate (LTS tableNames).")
  private List<TableSpec> tables = new ArrayList<>();

  @Default("true")
  @JsonPropertyDescription("true: copy snapshot HFiles and bulk load them; false: write the snapshot's cells as batched puts.")
  private Boolean bulkload = Boolean.TRUE;

  @Default("true")
  @JsonPropertyDescription("Create destination tables (schema and split points of the source) when missing.")
  private Boolean createTable = Boolean.TRUE;

  @JsonPropertyDescription("Verification of each table after its copy: the destination against the copy's snapshot;"
      + " default a sample of 8 regions (else extraAttrs.verify).")
  private VerifySpec verify;

  @JsonPropertyDescription("Advanced settings; extraAttrs.incrementalFollowOn=true keeps the tables in sync after the copy.")
  private ExtraAttrs extraAttrs;

  @Default("false")
  @JsonPropertyDescription("true stops the workers (LTS abort); state becomes KILLED and nothing finished is lost.")
  private Boolean paused = Boolean.FALSE;

  @JsonPropertyDescription("Change to any new value to rerun FAILED/KILLED sub-tasks from their checkpoints (LTS retry).")
  private String retryNonce;
}
