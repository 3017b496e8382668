package io.quire.compile.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quire.common.contract.CompileStatus;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of compiles on this worker: time per stage, outcomes, the path each compile took
 * (direct engine run, latexmk, or both), and the sandboxed runs in progress.
 */
public final class CompileMetrics {
  private final MeterRegistry meters;

  /** Sandboxed runs in progress on this worker (two never share a project: the project lock). */
  private final AtomicInteger sandboxedRuns = new AtomicInteger();

  public CompileMetrics(MeterRegistry meters) {
    this.meters = meters;
    Gauge.builder("quire.compile.sandboxed.runs", sandboxedRuns, AtomicInteger::get)
        .description("Engine or latexmk runs in a sandbox on this worker now")
        .register(meters);
  }

  /** Records how long one stage of a compile took, as {@code quire.compile.stage{stage}}. */
  void stage(String name, long startedNanos) {
    Timer.builder("quire.compile.stage")
        .description("Time a compile-worker spends in each stage of a compile")
        .tag("stage", name)
        .publishPercentileHistogram()
        .register(meters)
        .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }

  void outcome(CompileStatus status) {
    meters.counter("quire.compile.outcome", "status", status.wireName()).increment();
  }

  /**
   * Counts a compile by how it ran: {@code direct}, {@code latexmk} or {@code direct-then-latexmk}.
   */
  void path(String path) {
    Counter.builder("quire.compile.path")
        .description("Compiles by how they ran: direct (one engine run), latexmk, or both")
        .tag("path", path)
        .register(meters)
        .increment();
  }

  void runStarted() {
    sandboxedRuns.incrementAndGet();
  }

  void runEnded() {
    sandboxedRuns.decrementAndGet();
  }
}
