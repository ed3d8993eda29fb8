package io.hbasetunnel.worker.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hbasetunnel.worker.cli.WorkerException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.hbase.snapshot.SnapshotCreationException;
import org.junit.jupiter.api.Test;

class ProcedureWaitTest {

  /** Like HBase's procedure futures: each short get asks once, then times out until the procedure is done. */
  private static Future<String> doneAfter(int asks, AtomicInteger asked) {
    return new CompletableFuture<>() {
      @Override
      public String get(long timeout, TimeUnit unit) throws TimeoutException {
        if (asked.incrementAndGet() <= asks) {
          throw new TimeoutException("still running");
        }
        return "result";
      }
    };
  }

  @Test
  void asksUntilTheProcedureIsDoneAndReturnsItsResult() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    assertThat(ProcedureWait.await(doneAfter(5, asked), Duration.ofMinutes(1), "x")).isEqualTo("result");
    assertThat(asked).hasValue(6);
  }

  @Test
  void aFailedProcedureFailsWithHBasesOwnException() {
    SnapshotCreationException failure = new SnapshotCreationException("snapshot in progress");
    assertThatThrownBy(() -> ProcedureWait.await(CompletableFuture.failedFuture(failure), Duration.ofMinutes(1), "x"))
        .isSameAs(failure);
  }

  @Test
  void aProcedureThatNeverFinishesIsARetryableTimeoutNamingWhatWasAwaited() {
    assertThatThrownBy(() -> ProcedureWait.await(doneAfter(Integer.MAX_VALUE, new AtomicInteger()), Duration.ofMillis(50),
        "snapshot s of t is taken"))
        .isInstanceOf(WorkerException.class)
        .hasMessage("snapshot s of t is taken did not finish within 0 s")
        .satisfies(e -> assertThat(((WorkerException) e).exitCode()).isEqualTo(WorkerException.retryable("", null).exitCode()));
  }
}
