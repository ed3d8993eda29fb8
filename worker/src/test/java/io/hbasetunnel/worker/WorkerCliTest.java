package io.hbasetunnel.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbasetunnel.worker.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line itself: help, and bad input answered with a message and exit code 2. */
class WorkerCliTest {

  @Test
  void verifyHelpDocumentsEveryFlagWithAnExample() {
    Run run = run("verify", "--help");
    assertThat(run.code).isEqualTo(ExitCodes.OK);
    assertThat(run.out).contains("--table", "--target-table", "--families", "--mode", "--source-zk",
        "--destination-conf", "Example:", "Exit codes");
  }

  @Test
  void missingClusterIsBadInputWithoutStackTrace() {
    Run run = run("verify", "--table", "t1");
    assertThat(run.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err).contains("no source cluster given: pass --source-conf DIR").doesNotContain("\tat ");
  }

  @Test
  void invalidTableNameIsBadInput() {
    Run run = run("verify", "--table", "bad table", "--source-zk", "localhost", "--destination-zk", "localhost");
    assertThat(run.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err).contains("'bad table' is not a valid HBase table name");
  }

  @Test
  void unknownOptionIsBadInputAndPointsToHelp() {
    Run run = run("verify", "--table", "t1", "--famlies", "a");
    assertThat(run.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err).contains("Unknown option", "--famlies", "worker verify --help");
  }

  @Test
  void malformedZooKeeperAddressIsBadInput() {
    Run run = run("verify", "--table", "t1", "--source-zk", "zk1:notaport", "--destination-zk", "zk2");
    assertThat(run.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err).contains("port 'notaport' is not a number");
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = WorkerMain.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
