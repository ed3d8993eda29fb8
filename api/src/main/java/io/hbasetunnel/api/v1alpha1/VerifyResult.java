package io.hbasetunnel.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import lombok.Data;

/** What {@code worker verify} found for one table (its VerifyReport). */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerifyResult {
  /** Which regions were compared, as the worker says it (e.g. "8 of 40 regions of snapshot ..."). */
  private String scope;
  /** Source cells compared. */
  private Long cellsCompared;
  private Long destinationCells;
  private Long matchingCells;
  /** missing + extra + differing cells. */
  private Long differences;
  private Long missingInDestination;
  private Long extraInDestination;
  private Long valueDiffers;
  /** The first few differences, one line each. */
  private List<String> firstDifferences;
}
