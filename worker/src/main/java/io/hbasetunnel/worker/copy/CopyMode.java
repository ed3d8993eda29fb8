package io.hbasetunnel.worker.copy;

/** How cells reach the destination. */
public enum CopyMode {
  /** Stage HFiles on the destination's filesystem, then bulk load them (the fast path). */
  BULKLOAD,
  /** Write the snapshot's cells as batched puts and deletes (no bulk load permission needed). */
  PUT
}
