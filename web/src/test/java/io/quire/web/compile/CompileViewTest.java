package io.quire.web.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.compile.CompileJobState;
import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.CompileTimings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompileViewTest {
  private static final Instant QUEUED_AT = Instant.parse("2025-01-01T10:00:00Z");
  private final CompileJobState queued =
      CompileJobState.queued(
          "job-1", "project-1", "user-1", CompilePriority.INTERACTIVE, "key", QUEUED_AT);

  @Test
  void aQueuedCompileTellsItsPlaceAndHowLongItHasWaited() {
    CompileView view = CompileView.of("project-1", queued, false, 3, QUEUED_AT.plusSeconds(4));

    assertThat(view.status()).isEqualTo("queued");
    assertThat(view.queuePosition()).isEqualTo(3);
    assertThat(view.elapsedMs()).isEqualTo(4000);
  }

  @Test
  void aRunningCompileCountsItsTimeFromItsStartNotFromItsQueueing() {
    CompileJobState running = queued.running("worker-1", QUEUED_AT.plusSeconds(10));

    CompileView view = CompileView.of("project-1", running, false, null, QUEUED_AT.plusSeconds(13));

    assertThat(view.status()).isEqualTo("running");
    assertThat(view.elapsedMs()).isEqualTo(3000);
  }

  @Test
  void aQueuedCompileThatWasStoppedIsTerminatedAtOnceThoughNoWorkerHasSeenItYet() {
    CompileView view = CompileView.of("project-1", queued.cancel(), false, 1, QUEUED_AT);

    assertThat(view.status()).isEqualTo("terminated");
    assertThat(view.queuePosition()).isNull();
    assertThat(view.outputFiles()).isEmpty();
  }

  @Test
  void aRunningCompileThatWasStoppedStaysRunningUntilItsWorkerKillsIt() {
    CompileJobState stopping = queued.running("worker-1", QUEUED_AT).cancel();

    assertThat(CompileView.of("project-1", stopping, false, null, QUEUED_AT).status())
        .isEqualTo("running");
  }

  @Test
  void aFinishedCompileHasItsTimingsAndNoElapsedTime() {
    CompileResult result =
        new CompileResult(
            CompileStatus.SUCCESS,
            "build-1",
            "key",
            List.of(),
            List.of(),
            List.of(),
            new CompileTimings(5, 10, 900, 915),
            "worker-1",
            false,
            QUEUED_AT.plusSeconds(1));

    CompileView view =
        CompileView.of("project-1", queued.done(result), false, null, QUEUED_AT.plusSeconds(30));

    assertThat(view.status()).isEqualTo("success");
    assertThat(view.elapsedMs()).isNull();
    assertThat(view.timings().totalMs()).isEqualTo(915);
  }
}
