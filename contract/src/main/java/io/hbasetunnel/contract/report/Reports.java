package io.hbasetunnel.contract.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The JSON of the reports, written by the worker and read by the operator with the same classes.
 * A reader ignores fields it does not know: a newer worker may say more than an older operator reads.
 */
public final class Reports {
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Reports() {}

  public static String write(Object report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The report as a map of its JSON fields, in order (what a status endpoint serves). */
  public static Map<String, Object> toMap(Object report) {
    return JSON.convertValue(report, new TypeReference<java.util.LinkedHashMap<String, Object>>() {});
  }

  public static <T> T read(JsonNode json, Class<T> type) {
    return JSON.convertValue(json, type);
  }

  public static <T> T read(String json, Class<T> type) throws JsonProcessingException {
    return JSON.readValue(json, type);
  }

  /** A verify report (its counts) rather than a progress report: both end up in a Job pod's termination message. */
  public static boolean isVerifyReport(JsonNode json) {
    return json != null && json.has("matchingCells");
  }
}
