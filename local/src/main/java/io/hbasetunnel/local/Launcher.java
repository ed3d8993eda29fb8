package io.hbasetunnel.local;

import io.hbasetunnel.gateway.GatewayMain;
import io.hbasetunnel.operator.OperatorMain;
import io.hbasetunnel.worker.WorkerMain;
import java.util.Arrays;

/** {@code hbase-tunnel <worker|operator|gateway|quickstart> ...}: the one main class of the distribution. */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (args.length == 0 ? "" : args[0]) {
      case "worker" -> WorkerMain.main(rest);
      case "operator" -> OperatorMain.main(rest);
      case "gateway" -> GatewayMain.main(rest);
      case "quickstart" -> QuickstartMain.main(rest);
      default -> {
        System.err.println("usage: hbase-tunnel <worker|operator|gateway|quickstart> [options]   (each takes --help)");
        System.exit(args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0]) ? 0 : 2);
      }
    }
  }
}
