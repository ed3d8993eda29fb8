package io.hbasetunnel.worker.security;

import picocli.CommandLine.Option;

/** The waiver of the cell-security check (a picocli mixin of schema, copy, bulkload and wal-sync). */
public final class CellSecurityOptions {
  @Option(names = "--allow-unenforced-cell-acls", description = "Copy cells whose ACL tags the source enforces (it"
      + " runs the AccessController) to a destination that does not: the tags are kept but nobody checks them there"
      + " until you add the AccessController to the destination. Without this flag such a copy is refused.")
  boolean allowUnenforcedCellAcls;

  public boolean allowUnenforcedCellAcls() {
    return allowUnenforcedCellAcls;
  }
}
