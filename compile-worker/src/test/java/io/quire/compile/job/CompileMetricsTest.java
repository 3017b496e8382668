package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quire.common.contract.CompileStatus;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CompileMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CompileMetrics metrics = new CompileMetrics(registry);

  @Test
  void sandboxedRunsInProgressAreAGauge() {
    metrics.runStarted();
    metrics.runStarted();
    metrics.runEnded();

    assertThat(registry.get("quire.compile.sandboxed.runs").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void stagesOutcomesAndPathsAreCountedByTheirTag() {
    metrics.stage("sync", System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(5));
    metrics.outcome(CompileStatus.SUCCESS);
    metrics.outcome(CompileStatus.SUCCESS);
    metrics.outcome(CompileStatus.FAILURE);
    metrics.path("direct");

    assertThat(registry.get("quire.compile.stage").tag("stage", "sync").timer().count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("quire.compile.stage")
                .tag("stage", "sync")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isGreaterThanOrEqualTo(5);
    assertThat(registry.get("quire.compile.outcome").tag("status", "success").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("quire.compile.outcome").tag("status", "failure").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("quire.compile.path").tag("path", "direct").counter().count())
        .isEqualTo(1);
  }
}
