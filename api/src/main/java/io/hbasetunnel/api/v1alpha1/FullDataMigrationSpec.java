package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** What to copy: the LTS "fulldata" create parameters. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FullDataMigrationSpec {
  @Required
  @Pattern(Patterns.RESOURCE_NAME)
  @JsonPropertyDescription("Name of the source HBaseCluster (LTS src).")
  private String source;

  @Required
  @Pattern(Patterns.RESOURCE_NAME)
  @JsonPropertyDescription("Name of the destination HBaseCluster (LTS dst).")
  private String destination;

  @Required
  @Size(min = 1)
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
