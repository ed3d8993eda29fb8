package io.hbasetunnel.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hbasetunnel.local.api.EmbeddedApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod runner with shell commands as containers: what the operator relies on, without HBase. */
class LocalPodRunnerTest {
  private static final String NS = "default";
  @TempDir
  static Path pods;
  private static EmbeddedApiServer api;
  private static KubernetesClient client;
  private static LocalPodRunner runner;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0, NS);
    client = api.client();
    runner = new LocalPodRunner(client, NS, pods, Map.of()).start();
  }

  @AfterAll
  static void stop() {
    runner.close();
    api.close();
  }

  @Test
  void indexedJobRunsEveryIndexWithItsEnvMountsAndTerminationMessage() {
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("conf").endMetadata()
        .withData(Map.of("hbase-site.xml", "<configuration/>")).build()).create();
    // paths as arguments, as the operator passes them: rewritten to the pod's own directories
    String script = "test -f \"$2/hbase-site.xml\" && echo \"$POD $JOB_COMPLETION_INDEX $1\" > \"$3\"";
    client.resource(job("indexed", 3, 2, "Indexed",
        List.of("sh", "-c", script, "sh", "$(POD)", "/etc/conf", "/dev/termination-log"))).create();

    Job done = awaitFinished("indexed");
    assertThat(done.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Complete"));
    assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
    assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
    List<Pod> jobPods = client.pods().withLabel("job-name", "indexed").list().getItems();
    assertThat(jobPods).hasSize(3).allSatisfy(p -> {
      String index = p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
      assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
      // the pod name reached the container through the downward API and $(VAR) expansion
      assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
          .isEqualTo(p.getMetadata().getName() + " " + index + " " + p.getMetadata().getName());
    });
  }

  /** A checkout under /tmp: its launcher is a host path, never the pod's own /tmp (arguments still are). */
  @Test
  void anExecutableUnderTmpRunsFromTheHostWhileTmpArgumentsAreThePodsOwn() throws Exception {
    Path home = Files.createTempDirectory(Path.of("/tmp"), "hbt-checkout");
    try {
      Path launcher = home.resolve("hbase-tunnel");
      Files.writeString(launcher, "#!/bin/sh\necho \"$1\" > /dev/stderr; test \"$1\" != /tmp/status && echo \"ran $1\" > \"$2\"\n");
      launcher.toFile().setExecutable(true);
      client.resource(job("under-tmp", 1, 1, "NonIndexed", List.of(launcher.toString(), "/tmp/status", "/dev/termination-log")))
          .create();
      Job done = awaitFinished("under-tmp");
      assertThat(done.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Complete"));
      Pod pod = client.pods().withLabel("job-name", "under-tmp").list().getItems().get(0);
      assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
          .startsWith("ran ").doesNotContain("ran /tmp/status").endsWith("/tmp/status");
    } finally {
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void exitCodeTwoFailsTheJobAtOnceThroughThePodFailurePolicy() {
    client.resource(job("bad-input", 1, 1, "NonIndexed", List.of("sh", "-c", "echo 'no such table' >&2; exit 2"))).create();
    Job done = awaitFinished("bad-input");
    assertThat(done.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Failed") && c.getReason().equals("PodFailurePolicy"));
    Pod pod = client.pods().withLabel("job-name", "bad-input").list().getItems().get(0);
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(2);
    // FallbackToLogsOnError: the output's tail when the termination log is empty
    assertThat(terminated.getMessage()).contains("no such table");
  }

  @Test
  void retryableFailuresAreRetriedUpToTheBackoffLimit() {
    Job job = job("flaky", 1, 1, "NonIndexed", List.of("sh", "-c", "exit 1"));
    job.getSpec().setBackoffLimit(1);
    client.resource(job).create();
    Job done = awaitFinished("flaky");
    assertThat(done.getStatus().getConditions()).anyMatch(c -> c.getReason().equals("BackoffLimitExceeded"));
    assertThat(done.getStatus().getFailed()).isEqualTo(2);
  }

  @Test
  void deploymentKeepsItsReplicasRunningOnMappedPortsAndStopsThemWhenDeleted() throws Exception {
    Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("sync").endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "sync")).endSelector()
        .withTemplate(template("sync", List.of("sh", "-c", "echo \"$2\" > \"$3/port\"; exec sleep 600", "sh", "--status-port", "8080", "/tmp"), "Always"))
        .endSpec().build();
    deployment.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(null);
    deployment.getSpec().getTemplate().getSpec().getContainers().get(0)
        .setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withContainerPort(8080).build()));
    client.resource(deployment).create();

    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Deployment d = client.apps().deployments().withName("sync").get();
      return d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas());
    });
    List<Pod> running = client.pods().withLabel("app", "sync").list().getItems();
    assertThat(running).hasSize(2).allSatisfy(p -> {
      assertThat(p.getStatus().getPodIP()).isEqualTo("127.0.0.1");
      assertThat(p.getMetadata().getAnnotations().get(LocalKubelet.PORTS_ANNOTATION)).matches("8080=\\d+");
    });
    String mapped = running.get(0).getMetadata().getAnnotations().get(LocalKubelet.PORTS_ANNOTATION).split("=")[1];
    // the argument after --status-port became the pod's own port, written to its own /tmp
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      try (var dirs = Files.list(pods)) {
        assertThat(dirs.filter(d -> d.getFileName().toString().startsWith("sync-")).map(d -> d.resolve("tmp/port"))
            .filter(Files::exists).map(LocalPodRunnerTest::read)).contains(mapped);
      }
    });
    client.apps().deployments().withName("sync").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().withLabel("app", "sync").list().getItems().isEmpty());
    await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.current().descendants()
        .noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 600")));
  }

  @Test
  void aPodTheQuotaRefusesIsNeverCreatedOnlyAFailedCreateEventOnTheJobUntilTheQuotaAllowsIt() {
    quota(0);
    try {
      client.resource(job("refused", 1, 1, "NonIndexed", List.of("sh", "-c", "exit 0"))).create();
      var event = await().atMost(Duration.ofSeconds(30)).until(() -> events("refused", "FailedCreate"), e -> !e.isEmpty()).get(0);
      assertThat(event.getType()).isEqualTo("Warning");
      assertThat(event.getInvolvedObject().getKind()).isEqualTo("Job");
      assertThat(event.getMessage()).startsWith("Error creating: pods \"refused-").contains("is forbidden: exceeded quota: pods,"
          + " requested: pods=1", "limited: pods=0");
      assertThat(client.pods().withLabel("job-name", "refused").list().getItems()).isEmpty();
      Job job = client.batch().v1().jobs().withName("refused").get();
      assertThat(job.getStatus() == null || job.getStatus().getConditions() == null || job.getStatus().getConditions().isEmpty())
          .as("the Job's status says nothing").isTrue();
    } finally {
      quota(100);
    }
    assertThat(awaitFinished("refused").getStatus().getConditions()).anyMatch(c -> c.getType().equals("Complete"));
  }

  @Test
  void aPodWhoseConfigMapVolumeIsMissingStaysInContainerCreatingWithFailedMountUntilItExists() {
    Job job = job("nomount", 1, 1, "NonIndexed", List.of("sh", "-c", "test -f \"$1/hbase-site.xml\"", "sh", "/etc/conf"));
    var source = job.getSpec().getTemplate().getSpec().getVolumes().get(0).getProjected().getSources().get(0).getConfigMap();
    source.setName("absent");
    source.setOptional(false);
    client.resource(job).create();
    var event = await().atMost(Duration.ofSeconds(30)).until(() -> podEvents("nomount", "FailedMount"), e -> !e.isEmpty()).get(0);
    assertThat(event.getMessage()).isEqualTo("MountVolume.SetUp failed for volume \"conf\" : configmap \"absent\" not found");
    Pod pod = client.pods().withLabel("job-name", "nomount").list().getItems().get(0);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ContainerCreating");

    client.resource(new ConfigMapBuilder().withNewMetadata().withName("absent").endMetadata()
        .withData(Map.of("hbase-site.xml", "<configuration/>")).build()).create();
    assertThat(awaitFinished("nomount").getStatus().getConditions()).anyMatch(c -> c.getType().equals("Complete"));
  }

  private static void quota(int pods) {
    client.resource(new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder().withNewMetadata().withName("pods").endMetadata()
        .withNewSpec().withHard(Map.of("pods", new io.fabric8.kubernetes.api.model.Quantity(String.valueOf(pods)))).endSpec()
        .build()).createOr(q -> q.update());
  }

  private static List<io.fabric8.kubernetes.api.model.Event> events(String object, String reason) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> object.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
  }

  private static List<io.fabric8.kubernetes.api.model.Event> podEvents(String jobName, String reason) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().startsWith(jobName + "-") && reason.equals(e.getReason())).toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Job awaitFinished(String name) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> client.batch().v1().jobs().withName(name).get(),
        j -> j.getStatus() != null && j.getStatus().getConditions() != null && !j.getStatus().getConditions().isEmpty());
  }

  private static Job job(String name, int completions, int parallelism, String mode, List<String> command) {
    return new JobBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withCompletions(completions).withParallelism(parallelism).withCompletionMode(mode).withBackoffLimit(3)
        .withNewPodFailurePolicy().withRules(new PodFailurePolicyRuleBuilder().withAction("FailJob")
            .withNewOnExitCodes().withContainerName("worker").withOperator("In").withValues(2).endOnExitCodes().build())
        .endPodFailurePolicy()
        .withTemplate(template(name, command, "Never")).endSpec().build();
  }

  private static PodTemplateSpec template(String app, List<String> command, String restartPolicy) {
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
        .withNewSpec().withRestartPolicy(restartPolicy)
        .addNewContainer().withName("worker").withImage("local").withCommand(command)
        .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
        .withTerminationMessagePath("/dev/termination-log").withTerminationMessagePolicy("FallbackToLogsOnError")
        .addNewVolumeMount().withName("conf").withMountPath("/etc/conf").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("conf").withNewProjected().addNewSource().withNewConfigMap().withName("conf").withOptional(true)
        .endConfigMap().endSource().endProjected().endVolume()
        .endSpec().build();
  }
}
