package io.hbasetunnel.operator.common;

import io.hbasetunnel.api.v1alpha1.TaskState;
import java.util.Locale;

/** Event reasons are CamelCase words: RUNNING -> Running. */
public final class EventReasons {
  private EventReasons() {}

  public static String of(TaskState state) {
    String name = state.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
