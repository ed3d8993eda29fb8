package io.hbasetunnel.charts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operator's own defaults for worker pods, read from its sources (the chart's defaults must equal them). */
final class OperatorDefaults {
  private static final Pattern STRING = Pattern.compile("static final String (\\w+) = \"((?:[^\"\\\\]|\\\\.)*)\";");
  private static final Pattern LONG = Pattern.compile("static final long (\\w+) = ([0-9_]+);");

  private OperatorDefaults() {}

  /** A String constant of common/WorkerPodSettings.java, unescaped. */
  static String podSetting(String constant) {
    Matcher m = STRING.matcher(ProjectFiles.read(ProjectFiles.OPERATOR_SOURCES.resolve("common/WorkerPodSettings.java")));
    while (m.find()) {
      if (m.group(1).equals(constant)) {
        return m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
      }
    }
    throw new IllegalStateException("no constant " + constant + " in WorkerPodSettings.java");
  }

  /** WorkerSettings.DEFAULT_JOB_DEADLINE_SECONDS. */
  static long jobDeadlineSeconds() {
    Matcher m = LONG.matcher(ProjectFiles.read(ProjectFiles.OPERATOR_SOURCES.resolve("common/WorkerSettings.java")));
    while (m.find()) {
      if (m.group(1).equals("DEFAULT_JOB_DEADLINE_SECONDS")) {
        return Long.parseLong(m.group(2).replace("_", ""));
      }
    }
    throw new IllegalStateException("no DEFAULT_JOB_DEADLINE_SECONDS in WorkerSettings.java");
  }
}
