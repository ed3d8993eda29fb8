package io.hbasetunnel.charts;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The picocli option names a *Main class declares (read from its source, negatable ones with --no-). */
final class MainOptions {
  private static final Pattern OPTION = Pattern.compile("@Option\\(\\s*names\\s*=\\s*(\\{[^}]*}|\"[^\"]+\")([^)]*)\\)");
  private static final Pattern NAME = Pattern.compile("\"(--[^\"]+)\"");

  private MainOptions() {}

  static Set<String> of(Path mainSource) {
    Set<String> names = new TreeSet<>();
    Matcher option = OPTION.matcher(ProjectFiles.read(mainSource));
    while (option.find()) {
      Matcher name = NAME.matcher(option.group(1));
      boolean negatable = option.group(2).contains("negatable = true");
      while (name.find()) {
        names.add(name.group(1));
        if (negatable) {
          names.add("--no-" + name.group(1).substring(2));
        }
      }
    }
    return names;
  }

  /** The option name of an argument: --x=1 -> --x; the subcommand and values -> null. */
  static String nameOf(String arg) {
    return arg.startsWith("--") ? arg.split("=", 2)[0] : null;
  }
}
