package io.hbasetunnel.local.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.stream.Collectors;

/**
 * One Pod run as a child process: its (single) container's command with the pod's env, in a sandbox
 * directory. The Pod status follows the process like a kubelet's would: Running with the pod IP, then
 * the exit code and the termination message (the termination-log file, or the output's tail when the
 * policy says FallbackToLogsOnError and the process failed). restartPolicy Always/OnFailure restarts
 * the process in place with a growing back-off.
 */
final class PodProcess {
  private static final Logger LOG = LoggerFactory.getLogger(PodProcess.class);
  private static final int MESSAGE_BYTES = 4096;
  private static final int LOG_TAIL_BYTES = 2048;
  private static final long GRACE_SECONDS = 15;

  private final KubernetesClient client;
  private final Pod pod;
  private final Container container;
  private final PodSandbox sandbox;
  private final Map<String, String> extraEnv;
  private final Runnable onChange;
  private volatile Process process;
  private volatile boolean stopped;
  private Thread thread;

  private PodProcess(KubernetesClient client, Pod pod, PodSandbox sandbox, Map<String, String> extraEnv, Runnable onChange) {
    this.client = client;
    this.pod = pod;
    this.container = pod.getSpec().getContainers().get(0);
    this.sandbox = sandbox;
    this.extraEnv = extraEnv;
    this.onChange = onChange;
  }

  static PodProcess start(KubernetesClient client, Pod pod, Path podsDir, Map<String, String> extraEnv, Runnable onChange) {
    Map<Integer, Integer> ports = new LinkedHashMap<>();
    try {
      for (ContainerPort port : pod.getSpec().getContainers().get(0).getPorts() == null ? List.<ContainerPort>of()
          : pod.getSpec().getContainers().get(0).getPorts()) {
        ports.put(port.getContainerPort(), LocalKubelet.freePort());
      }
      if (!ports.isEmpty()) {
        String mapping = ports.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
            .edit(x -> {
              x.getMetadata().setAnnotations(new HashMap<>(x.getMetadata().getAnnotations() == null ? Map.of() : x.getMetadata().getAnnotations()));
              x.getMetadata().getAnnotations().put(LocalKubelet.PORTS_ANNOTATION, mapping);
              return x;
            });
      }
    } catch (Exception e) {
      LOG.warn("pod " + pod.getMetadata().getName() + ": no local port", e);
    }
    Path dir = podsDir.resolve(pod.getMetadata().getName() + "-" + suffix(pod.getMetadata().getUid()));
    PodProcess process = new PodProcess(client, pod, new PodSandbox(dir, ports), extraEnv, onChange);
    process.thread = new Thread(process::run, "pod-" + pod.getMetadata().getName());
    process.thread.setDaemon(true);
    process.thread.start();
    return process;
  }

  /** The uid's last characters: unique enough beside the name (the mock server's uids share their first ones). */
  private static String suffix(String uid) {
    return uid.substring(Math.max(0, uid.length() - 8));
  }

  private void run() {
    String restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    int restarts = 0;
    Instant podStart = Instant.now();
    ContainerStatus last = null;
    while (!stopped) {
      int exitCode;
      String message;
      Instant started = Instant.now();
      try {
        if (restarts == 0) {
          Files.createDirectories(sandbox.dir);
        }
        sandbox.prepare(client, pod, container);
        Map<String, String> env = sandbox.env(client, pod, container);
        List<String> command = sandbox.commandLine(container, env);
        ProcessBuilder builder = new ProcessBuilder(command).directory(sandbox.dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.output.toFile()));
        builder.environment().putAll(extraEnv);
        builder.environment().putAll(env);
        synchronized (this) {
          if (stopped) {
            return;
          }
          process = builder.start();
        }
        writeStatus(running(started, restarts, last), podStart);
        exitCode = process.waitFor();
        message = terminationMessage(exitCode);
      } catch (Exception e) {
        exitCode = 128;
        message = "could not start: " + e.getMessage();
        LOG.warn("pod " + pod.getMetadata().getName() + " could not start", e);
      }
      if (stopped) {
        return;
      }
      ContainerStatus terminated = new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
          .withReady(false).withRestartCount(restarts)
          .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withMessage(message)
              .withReason(exitCode == 0 ? "Completed" : "Error").withStartedAt(started.toString())
              .withFinishedAt(Instant.now().toString()).endTerminated().build())
          .build();
      boolean restart = "Always".equals(restartPolicy) || ("OnFailure".equals(restartPolicy) && exitCode != 0);
      if (!restart) {
        writeStatus(new PodStatusBuilder().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .withContainerStatuses(terminated).build(), podStart);
        onChange.run();
        return;
      }
      restarts++;
      last = terminated;
      writeStatus(new PodStatusBuilder().withPhase("Running").withContainerStatuses(new ContainerStatusBuilder(terminated)
          .withLastState(terminated.getState()).withRestartCount(restarts)
          .withState(new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().build()).build())
          .build(), podStart);
      onChange.run();
      sleep(Math.min(60, 5L << Math.min(restarts - 1, 4)));
    }
  }

  private PodStatus running(Instant started, int restarts, ContainerStatus last) {
    return new PodStatusBuilder().withPhase("Running")
        .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
            .withReady(true).withStarted(true).withRestartCount(restarts).withLastState(last == null ? null : last.getState())
            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started.toString()).endRunning().build())
            .build())
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .build();
  }

  private void writeStatus(PodStatus status, Instant podStart) {
    status.setPodIP(LocalKubelet.POD_IP);
    status.setHostIP(LocalKubelet.POD_IP);
    status.setStartTime(podStart.toString());
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
        p.setStatus(status);
        return p;
      });
    } catch (Exception e) {
      // the pod was deleted meanwhile: nobody is left to tell
      LOG.debug("pod " + pod.getMetadata().getName() + ": status not written: " + e.getMessage());
    }
  }

  private String terminationMessage(int exitCode) throws IOException {
    String message = tail(sandbox.terminationLog, MESSAGE_BYTES);
    if (message.isBlank() && exitCode != 0 && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
      message = tail(sandbox.output, LOG_TAIL_BYTES);
    }
    return message;
  }

  private static String tail(Path file, int bytes) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, f.length() - bytes);
      byte[] buffer = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(buffer);
      return new String(buffer, StandardCharsets.UTF_8).trim();
    }
  }

  /** SIGTERM to the process and its children, SIGKILL after the grace period. */
  void stop() {
    Process p;
    synchronized (this) {
      stopped = true;
      p = process;
    }
    if (thread != null) {
      thread.interrupt();
    }
    if (p == null || !p.isAlive()) {
      return;
    }
    List<ProcessHandle> children = new ArrayList<>(p.descendants().toList());
    p.destroy();
    try {
      if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static void sleep(long seconds) {
    try {
      Thread.sleep(seconds * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
