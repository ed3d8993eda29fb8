package io.hbasetunnel.operator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.hbasetunnel.api.v1alpha1.IncrementalSync;
import io.hbasetunnel.contract.ExitCode;
import io.hbasetunnel.operator.common.PodHealth;
import io.hbasetunnel.operator.common.WorkerCommand;
import io.hbasetunnel.operator.common.WorkerJobs;
import io.hbasetunnel.operator.common.WorkerPods;
import io.hbasetunnel.operator.common.WorkerSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Jobs' {@code podFailurePolicy} and the operator's reading of pod exits, against the
 * contract's exit codes: a code that means "a rerun gives the same answer" fails the Job at once,
 * and nothing else does.
 */
class PodFailurePolicyTest {
  private static final IncrementalSync OWNER = owner();

  @Test
  void everyJobFailsAtOnceExactlyOnTheCodesThatFailAJob() {
    Set<Integer> expected = codes(ExitCode::failsJob);
    assertThat(expected).as("the contract has codes a rerun cannot cure").isNotEmpty();
    for (WorkerCommand command : List.of(WorkerCommand.copy().table("t1", "t1").taskId("m-1").mode(true),
        WorkerCommand.verify().table("t1", "t1").jsonReport(WorkerPods.TERMINATION_LOG),
        WorkerCommand.schema().table("t1", "t1"))) {
      assertThat(failJobCodes(job(command))).as("FailJob of %s", command.command()).isEqualTo(expected);
    }
  }

  @Test
  void aSyncsArmJobAlsoFailsAtOnceOnTheCodesThatFailASync() {
    Job arm = WorkerJobs.failsAtOnceAsSyncArm(job(WorkerCommand.armWalSync().syncId("s-1").syncTables(Map.of("t1", "t1"))));
    Set<Integer> noRetry = codes(c -> !c.retryHelps());
    assertThat(failJobCodes(arm)).isEqualTo(noRetry).contains(ExitCode.WAL_MISSING.code());
    // and vice versa: every code the policy names is one a rerun cannot cure
    failJobCodes(arm).forEach(code -> assertThat(ExitCode.of(code)).hasValueSatisfying(c -> assertThat(c.retryHelps()).isFalse()));
  }

  @Test
  void theOperatorTakesASyncWorkersExitAsFatalExactlyOnTheCodesThatFailASync() {
    assertThat(PodHealth.FATAL_EXIT_CODES).isEqualTo(codes(ExitCode::failsSync)).contains(ExitCode.BAD_INPUT.code());
  }

  private static Set<Integer> failJobCodes(Job job) {
    return job.getSpec().getPodFailurePolicy().getRules().stream().filter(r -> "FailJob".equals(r.getAction()))
        .map(PodFailurePolicyRule::getOnExitCodes)
        .peek(c -> assertThat(c.getOperator()).isEqualTo("In"))
        .peek(c -> assertThat(c.getContainerName()).isEqualTo(WorkerPods.CONTAINER))
        .flatMap(c -> c.getValues().stream()).collect(Collectors.toSet());
  }

  private static Set<Integer> codes(java.util.function.Predicate<ExitCode> which) {
    return Arrays.stream(ExitCode.values()).filter(which).map(ExitCode::code).collect(Collectors.toSet());
  }

  private static Job job(WorkerCommand command) {
    return WorkerJobs.job(OWNER, "s-" + command.command(), command.command(), 1, WorkerSettings.defaults(), "hbase1", "hbase2",
        command, 1, true);
  }

  private static IncrementalSync owner() {
    IncrementalSync sync = new IncrementalSync();
    sync.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace("ns").withUid("uid-1").build());
    return sync;
  }
}
