package io.hbasetunnel.api.v1alpha1;

/** Regular expressions shared by the schema annotations and by validation in code. */
public final class Patterns {
  /**
   * An HBase table name, {@code [namespace:]qualifier}: the namespace is word characters, the
   * qualifier word characters, '.', '-' and may not start with '.' or '-' (HBase TableName rules).
   */
  public static final String TABLE_NAME = "^([a-zA-Z0-9_]+:)?[a-zA-Z0-9_][a-zA-Z0-9_.-]*$";

  /** A column family name: printable, no ':' and not starting with '.'. */
  public static final String FAMILY_NAME = "^[^.:][^:]*$";

  /** A Kubernetes object name (DNS-1123 subdomain), used to refer to an HBaseCluster. */
  public static final String RESOURCE_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  private Patterns() {}
}
