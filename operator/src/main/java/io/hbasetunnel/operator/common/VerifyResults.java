package io.hbasetunnel.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.hbasetunnel.api.v1alpha1.VerifyResult;
import io.hbasetunnel.contract.report.Reports;
import io.hbasetunnel.contract.report.VerifyReportJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The contract's VerifyReportJson a verify Job's pod leaves in its termination message (worker verify --report-file). */
public final class VerifyResults {
  /** How many differences the status keeps; the worker's report has up to 20. */
  private static final int KEPT = 5;

  private VerifyResults() {}

  /** The newest pod's report, when it is a VerifyReport. */
  public static Optional<VerifyResult> of(List<Pod> pods) {
    return WorkerReport.latestPerIndex(pods).stream().map(WorkerReport::reportOf)
        .filter(Reports::isVerifyReport).findFirst().map(VerifyResults::toResult);
  }

  static VerifyResult toResult(JsonNode json) {
    VerifyReportJson report = Reports.read(json, VerifyReportJson.class);
    VerifyResult result = new VerifyResult();
    result.setScope(report.scope());
    result.setCellsCompared(report.sourceCells());
    result.setDestinationCells(report.destinationCells());
    result.setMatchingCells(report.matchingCells());
    result.setMissingInDestination(report.missingInDestination());
    result.setExtraInDestination(report.extraInDestination());
    result.setValueDiffers(report.valueDiffers());
    result.setDifferences(result.getMissingInDestination() + result.getExtraInDestination() + result.getValueDiffers());
    List<String> first = new ArrayList<>();
    for (VerifyReportJson.Difference d : report.firstDifferences()) {
      if (first.size() == KEPT) {
        break;
      }
      first.add(d.kind() + " row=" + d.row() + " column=" + d.family() + ":" + d.qualifier() + " ts=" + d.timestamp()
          + " type=" + d.type());
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
