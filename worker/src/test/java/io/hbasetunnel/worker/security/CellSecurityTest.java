package io.hbasetunnel.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbasetunnel.testing.SeparateJvmCluster;
import io.hbasetunnel.testing.TwoHBaseClusters;
import io.hbasetunnel.worker.WorkerMain;
import io.hbasetunnel.worker.WorkerProcess;
import io.hbasetunnel.worker.cli.ExitCodes;
import io.hbasetunnel.worker.verify.TableVerifier;
import io.hbasetunnel.worker.verify.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.security.User;
import org.apache.hadoop.hbase.security.visibility.Authorizations;
import org.apache.hadoop.hbase.security.visibility.CellVisibility;
import org.apache.hadoop.hbase.security.visibility.VisibilityClient;
import org.apache.hadoop.hbase.security.visibility.VisibilityController;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Visibility labels on real clusters with the VisibilityController: a source enforcing labels
 * (in this JVM), a destination enforcing them with the same labels (its own JVM: the
 * coprocessor keeps its label cache in JVM-wide singletons) and a destination without them.
 * Both copy paths and the sync keep the labels, and the destination enforces them: a reader
 * sees exactly the cells its authorizations allow. A destination that does not enforce labels,
 * or assigns other ordinals, is refused before anything is written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CellSecurityTest {
  /** The minicluster runs its servers as other users ({@code <user>.hfs.N}): this JVM's user is made a superuser. */
  private static final String SUPERUSER = System.getProperty("user.name");
  private static final Map<String, String> VISIBILITY = Map.of(
      "hbase.superuser", SUPERUSER,
      "hbase.security.authorization", "true",
      "hbase.coprocessor.master.classes", VisibilityController.class.getName(),
      "hbase.coprocessor.region.classes", VisibilityController.class.getName());
  private static final byte[] D = Bytes.toBytes("d");
  private static final int ROWS = 100;

  @RegisterExtension
  static final TwoHBaseClusters CLUSTERS = new TwoHBaseClusters()
      .sourceSetting("hbase.superuser", SUPERUSER)
      // superusers are JVM-wide: the destination, started last, must name the same
      .destinationSetting("hbase.superuser", SUPERUSER)
      .sourceSetting("hbase.security.authorization", "true")
      .sourceSetting("hbase.coprocessor.master.classes", VisibilityController.class.getName())
      .sourceSetting("hbase.coprocessor.region.classes", VisibilityController.class.getName());

  @TempDir
  static Path work;

  private static SeparateJvmCluster labeled;
  private static Path sourceConf;
  private static Path plainConf;
  private static TableName table;

  @BeforeAll
  static void start() throws Throwable {
    labeled = SeparateJvmCluster.start("labeled", work, VISIBILITY);
    sourceConf = CLUSTERS.source().writeClientConfigDir(work);
    plainConf = CLUSTERS.destination().writeClientConfigDir(work);
    addLabels(CLUSTERS.source().connection(), "secret", "public");
    addLabels(labeled.connection(), "secret", "public");
    // the reader may see "secret" on the destination: right ordinals show it q1 and q3, never q2
    VisibilityClient.setAuths(labeled.connection(), new String[] {"secret"}, "reader");
    table = CLUSTERS.source().createTable("labeled").family("d", f -> f.setMaxVersions(3)).create();
    writeLabeled(CLUSTERS.source().connection(), table, 0, ROWS / 2);
    CLUSTERS.source().util().flush(table);
    writeLabeled(CLUSTERS.source().connection(), table, ROWS / 2, ROWS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (labeled != null) {
      labeled.close();
    }
  }

  @Test
  @Order(1)
  void bothCopyPathsKeepLabelsAndTheDestinationEnforcesThem() throws Exception {
    for (String mode : List.of("PUT", "BULKLOAD")) {
      String target = "labeled_" + mode.toLowerCase();
      assertThat(worker(labeled.confDir(), "schema", "--table", "labeled", "--target-table", target).code)
          .isZero();
      Run copy = worker(labeled.confDir(), "copy", "--table", "labeled", "--target-table", target,
          "--task-id", "cs-" + mode.toLowerCase(), "--mode", mode);
      assertThat(copy.code).as(copy.err).isZero();
      if (mode.equals("BULKLOAD")) {
        Run load = worker(labeled.confDir(), "bulkload", "--table", "labeled", "--target-table", target,
            "--task-id", "cs-bulkload");
        assertThat(load.code).as(load.err).isZero();
      }
      TableName copied = TableName.valueOf(target);
      VerifyReport raw = new TableVerifier(CLUSTERS.source().connection(), labeled.connection())
          .verify(table, copied, Set.of());
      assertThat(raw.identical()).as(mode + ": " + raw.summary()).isTrue();
      assertEnforced(copied);
    }
  }

  @Test
  @Order(2)
  void theSyncAppliesLabelsIntact() throws Exception {
    TableName synced = CLUSTERS.source().createTable("labeled_sync").family("d", f -> f.setMaxVersions(3)).create();
    assertThat(worker(labeled.confDir(), "schema", "--table", "labeled_sync").code).isZero();
    WorkerProcess sync = WorkerProcess.start(work, "-Xmx512m", WorkerProcess.withClusters(sourceConf,
        labeled.confDir(), "wal-sync", "--sync-id", "wal-labels", "--tables", "labeled_sync", "--start-time",
        String.valueOf(System.currentTimeMillis()), "--poll-ms", "50"));
    try {
      writeLabeled(CLUSTERS.source().connection(), synced, 0, ROWS);
      TableVerifier visible = new TableVerifier(CLUSTERS.source().connection(), labeled.connection())
          .mode(TableVerifier.Mode.VISIBLE);
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
        assertThat(sync.isAlive()).as(sync.outputText()).isTrue();
        VerifyReport report = visible.verify(synced, synced, Set.of());
        assertThat(report.identical()).as(report.summary()).isTrue();
      });
      assertEnforced(synced);
    } finally {
      sync.kill();
    }
    assertThat(worker(labeled.confDir(), "release-pin", "--sync-id", "wal-labels").code).isZero();
  }

  @Test
  @Order(3)
  void aDestinationThatDoesNotEnforceLabelsIsRefusedBeforeAnythingIsWritten() throws Exception {
    Run schema = worker(plainConf, "schema", "--table", "labeled");
    assertThat(schema.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(schema.err).contains("does not enforce visibility labels").contains("[secret, public]")
        .contains("VisibilityController").doesNotContain("\tat ");
    try (Admin admin = CLUSTERS.destination().admin()) {
      assertThat(admin.tableExists(table)).as("nothing created").isFalse();
    }
    assertThat(worker(plainConf, "copy", "--table", "labeled", "--task-id", "cs-plain", "--mode", "PUT").code)
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(worker(plainConf, "wal-sync", "--sync-id", "wal-plain", "--tables", "labeled", "--arm-only").code)
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  @Order(4)
  void aWorkerThatCannotReadTheLabelsIsToldToRunAsASuperuser() throws Exception {
    User reader = User.createUserForTesting(CLUSTERS.source().conf(), "reader", new String[0]);
    Run run = reader.runAs((PrivilegedExceptionAction<Run>) () ->
        worker(labeled.confDir(), "schema", "--table", "labeled", "--target-table", "labeled_as_reader"));
    assertThat(run.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err).contains("cannot read the source's visibility labels").contains("superuser");
  }

  @Test
  @Order(5)
  void otherOrdinalsOnTheDestinationAreRefusedWithTheLabelsToFix() throws Exception {
    // last: the label sets differ from here on
    addLabels(CLUSTERS.source().connection(), "topsecret");
    addLabels(labeled.connection(), "other", "topsecret");
    for (String[] args : List.of(
        new String[] {"schema", "--table", "labeled", "--target-table", "labeled_mismatch"},
        new String[] {"copy", "--table", "labeled", "--target-table", "labeled_put", "--task-id", "cs-mismatch",
            "--mode", "PUT"},
        new String[] {"bulkload", "--table", "labeled", "--target-table", "labeled_bulkload", "--task-id",
            "cs-bulkload"},
        new String[] {"wal-sync", "--sync-id", "wal-mismatch", "--tables", "labeled_sync"})) {
      Run run = worker(labeled.confDir(), args);
      assertThat(run.code).as(args[0] + ": " + run.err).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.err).contains("ordinals differ")
          .contains("'topsecret' is ordinal 4 on the source but 5 on the destination");
    }
    try (Admin admin = labeled.admin()) {
      assertThat(admin.tableExists(TableName.valueOf("labeled_mismatch"))).isFalse();
    }
  }

  /**
   * On the destination, a user with no label sees the unlabeled cells only; "reader", granted
   * "secret" there, sees what "secret" allows (q1, q3; never q2, which another ordinal mapping
   * would show); a superuser sees every cell.
   */
  private static void assertEnforced(TableName copied) throws Exception {
    User stranger = User.createUserForTesting(labeled.conf(), "stranger", new String[0]);
    try (Connection connection = ConnectionFactory.createConnection(labeled.conf(), stranger)) {
      assertThat(qualifiersSeen(connection, copied, null)).as("no label").containsOnly("q0");
      assertThat(qualifiersSeen(connection, copied, new Authorizations("secret")))
          .as("asking for a label not granted").containsOnly("q0");
    }
    User reader = User.createUserForTesting(labeled.conf(), "reader", new String[0]);
    try (Connection connection = ConnectionFactory.createConnection(labeled.conf(), reader)) {
      assertThat(qualifiersSeen(connection, copied, null)).as("granted secret").containsOnly("q0", "q1", "q3");
    }
    assertThat(qualifiersSeen(labeled.connection(), copied, null)).as("a superuser").containsOnly("q0", "q1", "q2", "q3");
  }

  private static Set<String> qualifiersSeen(Connection connection, TableName name, Authorizations auths)
      throws Exception {
    Set<String> seen = new java.util.TreeSet<>();
    Scan scan = new Scan();
    if (auths != null) {
      scan.setAuthorizations(auths);
    }
    try (Table t = connection.getTable(name); ResultScanner scanner = t.getScanner(scan)) {
      for (Result row : scanner) {
        for (Cell cell : row.rawCells()) {
          seen.add(Bytes.toString(cell.getQualifierArray(), cell.getQualifierOffset(), cell.getQualifierLength()));
        }
      }
    }
    return seen;
  }

  /** q0 unlabeled, q1 secret, q2 public, q3 secret|public, two versions; every tenth row's q1 deleted under its label. */
  private static void writeLabeled(Connection connection, TableName name, int from, int to) throws Exception {
    try (Table t = connection.getTable(name)) {
      List<org.apache.hadoop.hbase.client.Mutation> batch = new ArrayList<>();
      for (int i = from; i < to; i++) {
        byte[] row = Bytes.toBytes(String.format("row-%04d", i));
        for (long ts : new long[] {1000, 2000}) {
          batch.add(new Put(row).addColumn(D, Bytes.toBytes("q0"), ts, Bytes.toBytes("open-" + ts)));
          batch.add(label(new Put(row).addColumn(D, Bytes.toBytes("q1"), ts, Bytes.toBytes("secret-" + ts)), "secret"));
          batch.add(label(new Put(row).addColumn(D, Bytes.toBytes("q2"), ts, Bytes.toBytes("public-" + ts)), "public"));
          batch.add(label(new Put(row).addColumn(D, Bytes.toBytes("q3"), ts, Bytes.toBytes("either-" + ts)),
              "secret|public"));
        }
        if (i % 10 == 0) {
          Delete delete = new Delete(row).addColumn(D, Bytes.toBytes("q1"), 2000);
          delete.setCellVisibility(new CellVisibility("secret"));
          batch.add(delete);
        }
      }
      t.batch(batch, new Object[batch.size()]);
    }
  }

  private static Put label(Put put, String expression) {
    put.setCellVisibility(new CellVisibility(expression));
    return put;
  }

  private static void addLabels(Connection connection, String... labels) {
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
      try {
        var response = VisibilityClient.addLabels(connection, labels);
        // a retry after a call that got through finds them there already
        return response.getResultList().stream().noneMatch(r -> r.hasException()
            && !r.getException().getValue().toStringUtf8().contains("already exists"));
      } catch (Throwable e) {
        throw new Exception(e);
      }
    });
  }

  record Run(int code, String out, String err) {}

  /** {@code worker <command> --source-conf <source> --destination-conf <destination> args}, in this JVM. */
  private static Run worker(Path destinationConf, String command, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = WorkerMain.run(WorkerProcess.withClusters(sourceConf, destinationConf, command, args));
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static Run worker(Path destinationConf, String[] commandAndArgs) {
    return worker(destinationConf, commandAndArgs[0],
        java.util.Arrays.copyOfRange(commandAndArgs, 1, commandAndArgs.length));
  }
}
