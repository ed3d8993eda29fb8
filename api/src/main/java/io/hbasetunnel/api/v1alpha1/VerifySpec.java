package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** How each table is checked after its copy: the destination against the copy's snapshot. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public class VerifySpec {
  /** Regions compared per table when nothing is said: enough to catch a systematic fault quickly. */
  public static final int DEFAULT_SAMPLE_REGIONS = 8;

  @JsonPropertyDescription("SAMPLE (default): compare sampleRegions regions of each table's snapshot; FULL: every region;"
      + " NONE: no verification.")
  private VerifyMode mode;

  @Min(1)
  @JsonPropertyDescription("Regions compared per table with mode SAMPLE (default 8), spread over the key space.")
  private Integer sampleRegions;

  /** What to run: the spec's setting, else extraAttrs.verify, else a sample of 8 regions. */
  public static VerifySpec effective(VerifySpec spec, ExtraAttrs extra) {
    VerifySpec chosen = spec != null ? spec : extra != null && extra.getVerify() != null ? extra.getVerify() : new VerifySpec();
    VerifyMode mode = chosen.getMode() == null ? VerifyMode.SAMPLE : chosen.getMode();
    Integer regions = mode == VerifyMode.SAMPLE
        ? (chosen.getSampleRegions() == null ? DEFAULT_SAMPLE_REGIONS : chosen.getSampleRegions()) : null;
    return new VerifySpec(mode, regions);
  }

  /** The verification modes. */
  public enum VerifyMode {
    SAMPLE,
    FULL,
    NONE
  }
}
