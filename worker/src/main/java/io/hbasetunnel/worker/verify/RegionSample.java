package io.hbasetunnel.worker.verify;

import java.util.ArrayList;
import java.util.List;

/** Picks regions to compare: spread evenly over the key space, first and last always included. */
final class RegionSample {
  private RegionSample() {}

  /** {@code count} items of {@code all} at even steps, in order; all of them when count <= 0 or >= size. */
  static <T> List<T> evenly(List<T> all, int count) {
    if (count <= 0 || count >= all.size()) {
      return all;
    }
    List<T> chosen = new ArrayList<>(count);
    if (count == 1) {
      chosen.add(all.get(0));
      return chosen;
    }
    for (int i = 0; i < count; i++) {
      chosen.add(all.get((int) Math.round((double) i * (all.size() - 1) / (count - 1))));
    }
    return chosen;
  }
}
