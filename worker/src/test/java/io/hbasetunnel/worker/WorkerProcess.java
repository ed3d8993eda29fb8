package io.hbasetunnel.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code worker <command>} as a real child JVM, the way a pod or a user runs it, so tests
 * can kill it with SIGKILL and read what it printed.
 */
public final class WorkerProcess {
  private final Process process;
  private final Path output;

  private WorkerProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  public static WorkerProcess start(Path workDir, String heap, String... args) throws IOException {
    return start(workDir, List.of(heap), args);
  }

  /** With JVM options of its own, e.g. a heap limit and {@code -D} system properties. */
  public static WorkerProcess start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // extra options for every worker JVM of a run, e.g. -Dworker.test.jvm.flags=-XX:TieredStopAtLevel=1
    String testFlags = System.getProperty("worker.test.jvm.flags", "").trim();
    if (!testFlags.isEmpty()) {
      command.addAll(Arrays.asList(testFlags.split("\\s+")));
    }
    command.addAll(Arrays.asList(System.getProperty("hbase.jvm.flags").trim().split("\\s+")));
    String hostsFile = System.getProperty("jdk.net.hosts.file");
    if (hostsFile != null) {
      command.add("-Djdk.net.hosts.file=" + hostsFile);
    }
    command.add("-cp");
    command.add(System.getProperty("worker.classes") + java.io.File.pathSeparator
        + Files.readString(Path.of(System.getProperty("worker.classpath.file"))).trim());
    command.add(WorkerMain.class.getName());
    command.addAll(Arrays.asList(args));
    Files.createDirectories(workDir);
    Path output = Files.createTempFile(workDir, "worker-", ".out");
    // one line per child JVM in the test's output: how many a class starts, and with what
    System.out.println("worker JVM started: " + String.join(" ", args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    return new WorkerProcess(process, output);
  }

  /** {@code command --source-conf src --destination-conf dst args...}: the usual worker arguments. */
  public static String[] withClusters(Path sourceConf, Path destinationConf, String command, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = command;
    all[1] = "--source-conf";
    all[2] = sourceConf.toString();
    all[3] = "--destination-conf";
    all[4] = destinationConf.toString();
    System.arraycopy(args, 0, all, 5, args.length);
    return all;
  }

  /** Waits for the exit code (fails the caller after the timeout). */
  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("worker did not finish in " + seconds + " s; output:\n" + outputText());
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no final checkpoint, as when a node dies. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the graceful stop a pod gets. */
  public void stop() {
    process.destroy();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String outputText() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "<unreadable: " + e + ">";
    }
  }
}
