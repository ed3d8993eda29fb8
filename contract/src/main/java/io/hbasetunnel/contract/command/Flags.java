package io.hbasetunnel.contract.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders one command line flag by flag: a {@code null} value (or a false switch, an empty list) is left out. */
final class Flags {
  private final List<String> args = new ArrayList<>();

  Flags(String command, Clusters clusters) {
    args.add(command);
    if (clusters != null) {
      value("--source-conf", clusters.sourceConf()).value("--destination-conf", clusters.destinationConf());
    }
  }

  Flags value(String name, Object value) {
    if (value != null) {
      args.add(name);
      args.add(String.valueOf(value));
    }
    return this;
  }

  Flags on(String name, boolean on) {
    if (on) {
      args.add(name);
    }
    return this;
  }

  /** {@code a,b}; nothing when empty. */
  Flags list(String name, Collection<String> values) {
    return values == null || values.isEmpty() ? this : value(name, String.join(",", values));
  }

  /** {@code t1,ns:t2=target}: each source table (in order), with its target when renamed. */
  Flags tables(String name, Map<String, String> targets) {
    return targets == null ? this : value(name, targets.entrySet().stream()
        .map(t -> t.getKey() + (t.getValue() == null || t.getKey().equals(t.getValue()) ? "" : "=" + t.getValue()))
        .collect(Collectors.joining(",")));
  }

  List<String> build() {
    return List.copyOf(args);
  }
}
