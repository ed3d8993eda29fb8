package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.hbasetunnel.api.v1alpha1.VerifyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The VerifyReport JSON a verify Job's pod leaves in its termination message (worker verify --report-file). */
public final class VerifyResults {
  /** How many differences the status keeps; the worker's report has up to 20. */
  private static final int KEPT = 5;

  private VerifyResults() {}

  /** The newest pod's report, when it is a VerifyReport. */
  public static Optional<VerifyResult> of(List<Pod> pods) {
    return WorkerReport.latestPerIndex(pods).stream().map(WorkerReport::reportOf)
        .filter(r -> r != null && r.has("matchingCells")).findFirst().map(VerifyResults::toResult);
  }

  static VerifyResult toResult(JsonNode report) {
    VerifyResult result = new VerifyResult();
    result.setScope(report.path("scope").asText(null));
    result.setCellsCompared(report.path("sourceCells").asLong());
    result.setDestinationCells(report.path("destinationCells").asLong());
    result.setMatchingCells(report.path("matchingCells").asLong());
    result.setMissingInDestination(report.path("missingInDestination").asLong());
    result.setExtraInDestination(report.path("extraInDestination").asLong());
    result.setValueDiffers(report.path("valueDiffers").asLong());
    result.setDifferences(result.getMissingInDestination() + result.getExtraInDestination() + result.getValueDiffers());
    List<String> first = new ArrayList<>();
    for (JsonNode d : report.path("firstDifferences")) {
      if (first.size() == KEPT) {
        break;
      }
      first.add(d.path("kind").asText() + " row=" + d.path("row").asText() + " column=" + d.path("family").asText() + ":"
          + d.path("qualifier").asText() + " ts=" + d.path("timestamp").asLong() + " type=" + d.path("type").asText());
    }
    result.setFirstDifferences(first);
    return result;
  }

  /** One line for the sub-task's message and the Event. */
  static String message(JsonNode report) {
    VerifyResult r = toResult(report);
    String scope = r.getScope() == null ? "" : " (" + r.getScope() + ")";
    if (r.getDifferences() == 0) {
      return "identical: " + r.getCellsCompared() + " cells compared" + scope;
    }
    return r.getDifferences() + " differences in " + r.getCellsCompared() + " cells compared" + scope + ": "
        + r.getMissingInDestination() + " missing in destination, " + r.getExtraInDestination() + " extra, "
        + r.getValueDiffers() + " differing values" + (r.getFirstDifferences().isEmpty() ? "" : "; first: " + r.getFirstDifferences().get(0));
  }
}
