package io.hbasetunnel.worker.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify --report-file}: the report as JSON that fits a container's termination message
 * (the kubelet keeps at most 4096 bytes of it, so a longer report would reach the operator cut
 * off and unreadable). Counts are always whole; long row keys and qualifiers in the first
 * differences are shortened, and differences are left off from the end until it fits.
 */
final class ReportFile {
  /** What Kubernetes keeps of a termination message. */
  static final int MAX_BYTES = 4096;
  /** Characters kept of a row key or qualifier (printable form) in the file. */
  static final int MAX_KEY_CHARS = 128;

  private ReportFile() {}

  static void write(Path file, VerifyReport report, ObjectMapper json) throws IOException {
    Files.writeString(file, bounded(report, json), StandardCharsets.UTF_8);
  }

  static String bounded(VerifyReport report, ObjectMapper json) throws JsonProcessingException {
    List<CellDifference> differences = new ArrayList<>();
    for (CellDifference d : report.firstDifferences()) {
      differences.add(new CellDifference(d.kind(), shortened(d.row()), d.family(), shortened(d.qualifier()), d.timestamp(),
          d.type()));
    }
    String text = json.writeValueAsString(with(report, differences).toJson());
    while (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES && !differences.isEmpty()) {
      differences.remove(differences.size() - 1);
      text = json.writeValueAsString(with(report, differences).toJson());
    }
    return text;
  }

  private static VerifyReport with(VerifyReport r, List<CellDifference> differences) {
    return new VerifyReport(r.sourceTable(), r.destinationTable(), r.scope(), r.sourceCells(), r.destinationCells(),
        r.matchingCells(), r.missingInDestination(), r.extraInDestination(), r.valueDiffers(), r.uncoveredByFlushTiming(),
        r.hiddenPutsOnOneSide(),
        List.copyOf(differences));
  }

  private static String shortened(String key) {
    return key == null || key.length() <= MAX_KEY_CHARS ? key : key.substring(0, MAX_KEY_CHARS) + "...";
  }
}
