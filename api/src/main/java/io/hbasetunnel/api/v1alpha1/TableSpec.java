package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** One table of a task: the source table, an optional new name and an optional family subset. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TableSpec {
  @Required
  @Pattern(Patterns.TABLE_NAME)
  @Size(max = 255)
  @ValidationRule(value = TaskSpecRules.CEL_SYSTEM_TABLE, message = TaskSpecRules.CEL_SYSTEM_TABLE_MESSAGE)
  @JsonPropertyDescription("Source table, [namespace:]qualifier.")
  private String name;

  @Pattern(Patterns.TABLE_NAME)
  @Size(max = 255)
  @ValidationRule(value = TaskSpecRules.CEL_SYSTEM_TABLE, message = TaskSpecRules.CEL_SYSTEM_TABLE_MESSAGE)
  @JsonPropertyDescription("Destination table name when it differs from the source; the namespace is created if missing.")
  private String targetName;

  @JsonPropertyDescription("Copy only these column families (all when empty).")
  private List<@Pattern(Patterns.FAMILY_NAME) String> columnFamilies;

  public TableSpec(String name) {
    this.name = name;
  }

  /** The destination table name: {@code targetName}, else the source name. */
  public String effectiveTargetName() {
    return targetName == null || targetName.isEmpty() ? name : targetName;
  }
}
