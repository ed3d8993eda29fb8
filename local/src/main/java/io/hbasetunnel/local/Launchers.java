package io.hbasetunnel.local;

import io.hbasetunnel.gateway.GatewayMain;
import io.hbasetunnel.worker.WorkerMain;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the quickstart starts a worker or the gateway as a process of its own: the production
 * distribution's {@code bin/hbase-tunnel <subcommand>} when it is given (the quickstart's launcher sets
 * it: pods run what ships); otherwise (tests, an IDE) the part's main class on this JVM's java and
 * classpath with the JDK 17 flags HBase needs, and for the gateway its Jetty 11 directory first.
 */
final class Launchers {
  /** The production distribution's directory (bin/hbase-tunnel, lib/); set by the quickstart's launcher. */
  static final String HOME_PROPERTY = "hbase.tunnel.home";
  /** The gateway's Jetty 11 jars when not run from the distribution (set by the local module's surefire). */
  static final String GATEWAY_LIB_PROPERTY = "hbase.tunnel.gateway.lib";

  private Launchers() {}

  static List<String> command(String subcommand) {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && Files.isExecutable(Path.of(home, "bin", "hbase-tunnel"))) {
      return List.of(Path.of(home, "bin", "hbase-tunnel").toAbsolutePath().toString(), subcommand);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String flags = System.getProperty("hbase.jvm.flags");
    if (flags != null && !flags.isBlank()) {
      command.addAll(Arrays.asList(flags.trim().split("\\s+")));
    } else {
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(a -> a.startsWith("--add-") || a.startsWith("-Dorg.apache.hbase") || a.startsWith("-Djdk.net.hosts.file"))
          .forEach(command::add);
    }
    command.add("worker".equals(subcommand) ? "-Xmx768m" : "-Xmx512m");
    String classpath = System.getProperty("java.class.path");
    String gatewayLib = System.getProperty(GATEWAY_LIB_PROPERTY);
    if ("gateway".equals(subcommand) && gatewayLib != null) {
      classpath = Path.of(gatewayLib).toAbsolutePath() + "/*" + java.io.File.pathSeparator + classpath;
    }
    String main = switch (subcommand) {
      case "worker" -> WorkerMain.class.getName();
      case "gateway" -> GatewayMain.class.getName();
      default -> throw new IllegalArgumentException("no process for " + subcommand);
    };
    command.addAll(List.of("-cp", classpath, main));
    return command;
  }
}
