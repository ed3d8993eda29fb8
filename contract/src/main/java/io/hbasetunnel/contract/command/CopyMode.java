package io.hbasetunnel.contract.command;

/** {@code copy --mode}: stage HFiles and bulk load them, or write batched puts. */
public enum CopyMode {
  BULKLOAD, PUT
}
