package io.hbasetunnel.api.v1alpha1;

/** Compression algorithms a destination column family can be given (HBase's names). */
public enum Compression {
  NONE,
  GZ,
  SNAPPY,
  LZ4,
  ZSTD
}
