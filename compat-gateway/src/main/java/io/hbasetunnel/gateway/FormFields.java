package io.hbasetunnel.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hbasetunnel.api.v1alpha1.ExtraAttrs;
import io.hbasetunnel.api.v1alpha1.Patterns;
import io.hbasetunnel.api.v1alpha1.TableSpec;
import io.hbasetunnel.api.v1alpha1.TaskSpecRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The LTS form parameters, read strictly: every problem becomes a 400 that names the parameter
 * and says what a valid value looks like.
 */
final class FormFields {
  private static final Pattern CLUSTER = Pattern.compile(Patterns.RESOURCE_NAME);
  private static final Pattern SNAPSHOT = Pattern.compile("^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$");
  private static final Pattern FAMILY = Pattern.compile(Patterns.FAMILY_NAME);
  private static final int MAX_TABLES = TaskSpecRules.MAX_TABLES;
  private static final ObjectMapper STRICT = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
      .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

  private final Function<String, String> form;

  FormFields(Function<String, String> form) {
    this.form = form;
  }

  String required(String name, String example) {
    String value = form.apply(name);
    if (value == null || value.isBlank()) {
      throw LtsException.badRequest("parameter '" + name + "' is missing or empty; e.g. " + name + "=" + example);
    }
    return value.trim();
  }

  /**
   * An HBaseCluster's name. One the CRD's pattern rejects cannot exist, so it is refused here
   * without asking the API server.
   */
  String cluster(String name, String label, String example) {
    String value = required(name, example);
    if (value.length() > TaskIds.MAX_LENGTH || !CLUSTER.matcher(value).matches()) {
      throw LtsException.badRequest("unknown " + label + " cluster " + SafeEcho.of(value) + "; HBaseCluster names"
          + " are lowercase letters, digits, '-' and '.', e.g. " + name + "=" + example);
    }
    return value;
  }

  /** true/false like JAX-RS's boolean @FormParam, but a typo is an error rather than false. */
  boolean bool(String name, boolean defaultValue) {
    String value = form.apply(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw LtsException.badRequest("parameter '" + name + "' must be true or false, not " + SafeEcho.of(value));
    };
  }

  /** {@code t1,ns:t2}: valid HBase names, no empty entries, no table twice. */
  List<TableSpec> tables() {
    String value = required("tableNames", "t1,t2,ns:t3");
    String[] names = value.split(",", -1);
    if (names.length > MAX_TABLES) {
      throw LtsException.badRequest("parameter 'tableNames' lists " + names.length + " tables; at most "
          + MAX_TABLES + " per task");
    }
    List<TableSpec> tables = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (String raw : names) {
      String name = raw.trim();
      if (name.isEmpty()) {
        throw LtsException.badRequest("parameter 'tableNames' has an empty entry (" + SafeEcho.of(value)
            + "); separate table names with single commas, e.g. t1,t2");
      }
      TableNames.requireUserTable("'tableNames'", name);
      String first = seen.putIfAbsent(TableNames.qualified(name), name);
      if (first != null) {
        throw LtsException.badRequest("table " + SafeEcho.of(name) + " is listed twice in 'tableNames' (also as "
            + SafeEcho.of(first) + "); list each table once");
      }
      tables.add(new TableSpec(name));
    }
    return tables;
  }

  /** The typed advanced settings; unknown keys and wrong types are rejected by name. */
  ExtraAttrs extraAttrs() {
    String value = form.apply("extraAttrs");
    if (value == null || value.isBlank()) {
      return null;
    }
    ExtraAttrs attrs;
    try {
      attrs = STRICT.readValue(value, ExtraAttrs.class);
    } catch (UnrecognizedPropertyException e) {
      throw LtsException.badRequest("extraAttrs key '" + e.getPropertyName() + "' is unknown; known keys: "
          + e.getKnownPropertyIds());
    } catch (InvalidFormatException e) {
      throw LtsException.badRequest("extraAttrs '" + path(e) + "' has the wrong type or value ("
          + e.getValue() + "); see the README for each key's type");
    } catch (MismatchedInputException e) {
      throw LtsException.badRequest("extraAttrs " + (path(e).isEmpty() ? "must be a JSON object, e.g. {\"parallelism\":4}"
          : "'" + path(e) + "' has the wrong type; see the README for each key's type"));
    } catch (JsonProcessingException e) {
      throw LtsException.badRequest("extraAttrs is not valid JSON (" + e.getOriginalMessage()
          + "); pass a JSON object, e.g. {\"parallelism\":4}");
    }
    if (attrs == null) {
      throw LtsException.badRequest("extraAttrs must be a JSON object, e.g. {\"parallelism\":4}");
    }
    validateRanges(attrs);
    return attrs;
  }

  private static void validateRanges(ExtraAttrs attrs) {
    positive("parallelism", attrs.getParallelism());
    positive("rateLimitMBps", attrs.getRateLimitMBps());
    positive("maxVersions", attrs.getMaxVersions());
    if (attrs.getParallelism() != null && attrs.getParallelism() > 256) {
      throw LtsException.badRequest("extraAttrs 'parallelism' must be at most 256");
    }
    if (attrs.getStartTime() != null && attrs.getStartTime() < 0 || attrs.getEndTime() != null && attrs.getEndTime() < 0) {
      throw LtsException.badRequest("extraAttrs 'startTime'/'endTime' are milliseconds since 1970 and cannot be negative");
    }
    if (attrs.getStartTime() != null && attrs.getEndTime() != null && attrs.getStartTime() >= attrs.getEndTime()) {
      throw LtsException.badRequest("extraAttrs 'startTime' must be before 'endTime'");
    }
    if (attrs.getSnapshotName() != null && !SNAPSHOT.matcher(attrs.getSnapshotName()).matches()) {
      // HBase's snapshot-name rule (that of a table qualifier); the worker would fail on anything else
      throw LtsException.badRequest("extraAttrs 'snapshotName' " + SafeEcho.of(attrs.getSnapshotName())
          + " is not a valid HBase snapshot name; use letters, digits, '_', '-' and '.' (not starting with '.' or '-')");
    }
    if (attrs.getColumnFamilies() != null) {
      for (String family : attrs.getColumnFamilies()) {
        if (family == null || !FAMILY.matcher(family).matches()) {
          throw LtsException.badRequest("extraAttrs 'columnFamilies' has an invalid family name '" + family + "'");
        }
      }
    }
  }

  private static void positive(String key, Integer value) {
    if (value != null && value < 1) {
      throw LtsException.badRequest("extraAttrs '" + key + "' must be at least 1, not " + value);
    }
  }

  private static String path(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    e.getPath().forEach(ref -> {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    });
    return path.toString();
  }
}
