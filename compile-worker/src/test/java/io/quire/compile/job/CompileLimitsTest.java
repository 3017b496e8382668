package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.CompilePriority;
import io.quire.compile.Jobs;
import io.quire.compile.preamble.FormatBuilder;
import io.quire.compile.sandbox.SandboxLimits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompileLimitsTest {
  private final CompileLimits limits =
      new CompileLimits(Duration.ofSeconds(120), 1L << 30, 256, 512L << 20, 2L << 20, 1.5);

  @Test
  void aJobGetsTheTimeoutItAsksForUpToTheWorkersMaximum() {
    assertThat(limits.timeout(Jobs.job("p", Jobs.pdflatex("main.tex", 60), List.of())))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(limits.timeout(Jobs.job("p", Jobs.pdflatex("main.tex", 120), List.of())))
        .isEqualTo(Duration.ofSeconds(120));
    assertThat(limits.timeout(Jobs.job("p", Jobs.pdflatex("main.tex", 3600), List.of())))
        .isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aRunGetsTheWorkersLimitsAndACpuTimeJustAboveItsTimeout() {
    SandboxLimits run = limits.forRun(Duration.ofSeconds(60), CompilePriority.INTERACTIVE);

    assertThat(run)
        .isEqualTo(
            new SandboxLimits(1L << 30, 256, 512L << 20, Duration.ofSeconds(65), 2L << 20, 1.5));
    assertThat(run.niceness()).isZero();
  }

  @Test
  void backgroundCompilesAndPreambleDumpsYieldTheCpu() {
    assertThat(limits.forRun(Duration.ofSeconds(60), CompilePriority.BACKGROUND).niceness())
        .isEqualTo(CompileLimits.BACKGROUND_NICENESS)
        .isPositive();
    FormatBuilder.SandboxSpec dump =
        limits.forDump(Jobs.job("p", Jobs.pdflatex("main.tex", 30), List.of()));
    assertThat(dump.limits().niceness()).isEqualTo(CompileLimits.BACKGROUND_NICENESS);
    assertThat(dump.limits().cpuTime()).isEqualTo(Duration.ofSeconds(35));
    assertThat(dump.limits().memoryBytes()).isEqualTo(1L << 30);
    assertThat(dump.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(dump.image()).isEqualTo(Jobs.IMAGE);
    assertThat(dump.environment()).isEqualTo(LatexmkCommand.environment());
  }
}
