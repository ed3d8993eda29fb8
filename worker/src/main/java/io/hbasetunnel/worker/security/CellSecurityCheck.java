package io.hbasetunnel.worker.security;

import io.hbasetunnel.worker.cli.WorkerException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.security.SecurityCapability;
import org.apache.hadoop.hbase.security.visibility.VisibilityClient;
import org.apache.hadoop.hbase.security.visibility.VisibilityConstants;
import org.apache.hadoop.hbase.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a copy or sync whose cell security would not hold on the destination. Cells keep their
 * tags byte for byte, and a visibility tag holds label <em>ordinals</em>, which each cluster
 * assigns itself in {@code hbase:labels}: on a destination with other ordinals a cell would carry
 * another label, and on one without the VisibilityController nobody would check it. ACL tags
 * likewise need the AccessController on the destination (or the documented waiver).
 */
public final class CellSecurityCheck {
  private static final Logger LOG = LoggerFactory.getLogger(CellSecurityCheck.class);
  /** HBase's own label, ordinal 1 on every cluster. */
  static final String SYSTEM_LABEL = "system";

  private CellSecurityCheck() {}

  /**
   * What one cluster enforces and defines.
   *
   * @param visibilityEnforced the VisibilityController runs with authorization on (CELL_VISIBILITY)
   * @param cellAclsEnforced the AccessController checks cell ACLs (CELL_AUTHORIZATION)
   * @param labels ordinal -> label, the system label left out; empty without hbase:labels
   * @param unreadable why the labels could not be read completely, or null
   */
  public record ClusterSecurity(String role, boolean visibilityEnforced, boolean cellAclsEnforced,
      SortedMap<Integer, String> labels, String unreadable) {
    public ClusterSecurity {
      labels = new TreeMap<>(labels);
    }
  }

  /** Checks both clusters; exit 2 with every problem and its fix in the message. */
  public static void require(Connection source, Connection destination, CellSecurityOptions options)
      throws IOException {
    ClusterSecurity from = read("source", source);
    ClusterSecurity to = read("destination", destination);
    List<String> problems = problems(from, to, options.allowUnenforcedCellAcls());
    if (!problems.isEmpty()) {
      throw WorkerException.badInput("cell security would not hold on the destination, nothing was done:\n  - "
          + String.join("\n  - ", problems));
    }
    if (!from.labels().isEmpty() || from.cellAclsEnforced()) {
      LOG.info("cell security: {} visibility labels with the same ordinals on both sides; cell ACLs {}",
          from.labels().size(), from.cellAclsEnforced()
              ? (to.cellAclsEnforced() ? "enforced on both" : "NOT enforced on the destination (waived)")
              : "not enforced on the source");
    }
  }

  /** The decision: one line per problem, each saying what to fix; empty when the copy may go on. */
  public static List<String> problems(ClusterSecurity source, ClusterSecurity destination,
      boolean allowUnenforcedCellAcls) {
    List<String> problems = new ArrayList<>();
    if (source.unreadable() != null) {
      problems.add(unreadable(source));
    } else if (!source.labels().isEmpty()) {
      if (!destination.visibilityEnforced()) {
        problems.add("the source defines visibility labels " + source.labels().values() + " (cells may carry them),"
            + " but the destination does not enforce visibility labels: every reader there would see every cell."
            + " Add org.apache.hadoop.hbase.security.visibility.VisibilityController to the destination's"
            + " hbase.coprocessor.master.classes and hbase.coprocessor.region.classes, with"
            + " hbase.security.authorization=true, then define the labels as below");
      }
      if (destination.unreadable() != null) {
        problems.add(unreadable(destination));
      } else {
        problems.addAll(labelProblems(source.labels(), destination.labels()));
      }
    }
    if (source.cellAclsEnforced() && !destination.cellAclsEnforced() && !allowUnenforcedCellAcls) {
      problems.add("the source enforces cell ACLs (AccessController) and the destination does not: the ACL tags"
          + " would be copied but not checked. Add org.apache.hadoop.hbase.security.access.AccessController to the"
          + " destination's coprocessors (with hbase.security.authorization=true), or pass"
          + " --allow-unenforced-cell-acls to copy them unenforced");
    }
    return problems;
  }

  /** Every source label must have its ordinal on the destination. */
  static List<String> labelProblems(SortedMap<Integer, String> source, SortedMap<Integer, String> destination) {
    Map<String, Integer> destinationOrdinals = destination.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    int destinationMax = destination.isEmpty() ? 1 : destination.lastKey();
    List<String> toAdd = new ArrayList<>();
    List<String> toFix = new ArrayList<>();
    for (Map.Entry<Integer, String> label : source.entrySet()) {
      int ordinal = label.getKey();
      String name = label.getValue();
      Integer there = destinationOrdinals.get(name);
      String atOrdinal = destination.get(ordinal);
      if (there != null && there == ordinal) {
        continue;
      }
      if (there != null) {
        toFix.add("'" + name + "' is ordinal " + ordinal + " on the source but " + there + " on the destination");
      } else if (atOrdinal != null) {
        toFix.add("ordinal " + ordinal + " is '" + atOrdinal + "' on the destination but '" + name + "' on the source");
      } else if (ordinal > destinationMax) {
        toAdd.add("'" + name + "' (ordinal " + ordinal + ")");
      } else {
        toFix.add("'" + name + "' (ordinal " + ordinal + ") is missing on the destination, and adding it now would"
            + " give it another ordinal");
      }
    }
    List<String> problems = new ArrayList<>();
    if (!toAdd.isEmpty()) {
      problems.add("visibility labels missing on the destination: " + String.join(", ", toAdd) + ". Add them in"
          + " this order (add_labels in the HBase shell, as a superuser) so that they get the same ordinals");
    }
    if (!toFix.isEmpty()) {
      problems.add("visibility label ordinals differ (a cell's tag holds the ordinal, so it would carry another"
          + " label on the destination): " + String.join("; ", toFix) + ". HBase cannot renumber labels: use a"
          + " destination whose hbase:labels assigns the source's ordinals (define the same labels in the same"
          + " order before any other)");
    }
    return problems;
  }

  private static String unreadable(ClusterSecurity side) {
    return "cannot read the " + side.role() + "'s visibility labels (hbase:labels): " + side.unreadable()
        + ". Reading them needs an HBase superuser (hbase.superuser) or a user with the 'system' label: run the"
        + " worker as one";
  }

  /** Reads what a cluster enforces and, where it has hbase:labels, its labels with their ordinals. */
  public static ClusterSecurity read(String role, Connection connection) throws IOException {
    try (Admin admin = connection.getAdmin()) {
      Set<SecurityCapability> capabilities = Set.copyOf(admin.getSecurityCapabilities());
      boolean visibility = capabilities.contains(SecurityCapability.CELL_VISIBILITY);
      boolean acls = capabilities.contains(SecurityCapability.CELL_AUTHORIZATION);
      if (!admin.tableExists(VisibilityConstants.LABELS_TABLE_NAME)) {
        return new ClusterSecurity(role, visibility, acls, new TreeMap<>(), null);
      }
      SortedMap<Integer, String> labels = new TreeMap<>();
      String unreadable = null;
      try (Table table = connection.getTable(VisibilityConstants.LABELS_TABLE_NAME);
          ResultScanner scanner = table.getScanner(new Scan().addColumn(VisibilityConstants.LABELS_TABLE_FAMILY,
              VisibilityConstants.LABEL_QUALIFIER))) {
        for (Result row : scanner) {
          String label = Bytes.toString(row.getValue(VisibilityConstants.LABELS_TABLE_FAMILY,
              VisibilityConstants.LABEL_QUALIFIER));
          if (!SYSTEM_LABEL.equals(label)) {
            labels.put(Bytes.toInt(row.getRow()), label);
          }
        }
      } catch (IOException e) {
        unreadable = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
      }
      if (unreadable == null) {
        // a scan shows a reader without the system label only the untagged system row: the endpoint's list
        // (names only; refused to such a reader when the AccessController runs) tells whether we saw everything
        Set<String> listed = listLabels(connection);
        if (listed == null) {
          unreadable = "the VisibilityController refused to list them";
        } else {
          listed.remove(SYSTEM_LABEL);
          listed.removeAll(labels.values());
          if (!listed.isEmpty()) {
            unreadable = "labels " + listed + " exist but are hidden from this user";
          }
        }
      }
      return new ClusterSecurity(role, visibility, acls, labels, unreadable);
    }
  }

  /** The label names the VisibilityController lists; empty without one; null when it refuses this user. */
  private static Set<String> listLabels(Connection connection) throws IOException {
    try {
      return VisibilityClient.listLabels(connection, ".*").getLabelList().stream()
          .map(b -> b.toStringUtf8()).collect(Collectors.toCollection(TreeSet::new));
    } catch (Throwable e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (String.valueOf(cause).contains("AccessDeniedException")
            || String.valueOf(cause).contains("is not authorized")) {
          return null;
        }
      }
      // no VisibilityController (labels left over from one): the table scan is all there is
      LOG.debug("cannot list visibility labels: {}", e.toString());
      return new TreeSet<>();
    }
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
