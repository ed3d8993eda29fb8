package io.hbasetunnel.worker.copy;

import java.io.IOException;

/** Copies one work unit completely, or throws; called again for the same unit it must converge. */
interface UnitCopier {
  /** What copying a unit did, recorded in its checkpoint. */
  record UnitResult(long rows, long cells, long bytes) {
    String toJson() {
      return "{\"rows\":" + rows + ",\"cells\":" + cells + ",\"bytes\":" + bytes + "}";
    }
  }

  UnitResult copy(WorkUnit unit) throws IOException;
}
