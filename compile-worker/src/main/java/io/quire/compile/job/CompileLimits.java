package io.quire.compile.job;

import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompilePriority;
import io.quire.compile.preamble.FormatBuilder;
import io.quire.compile.sandbox.SandboxLimits;
import java.time.Duration;

/**
 * What a compile may take: its wall-clock budget (what the job asks, never more than the worker
 * allows) and the sandbox's limits on each of its runs. Background compiles and preamble dumps run
 * at a lower priority, so they yield the CPU to every compile someone waits for.
 *
 * @param maxTimeout upper bound of any compile's timeout, whatever the job asks
 * @param memoryBytes memory (or address space) of a run in this worker's sandbox
 * @param maxProcesses processes of a run
 * @param maxFileBytes largest file a run may write
 * @param maxStdoutBytes compiler output kept
 * @param cpus CPU share of a run (Docker)
 */
public record CompileLimits(
    Duration maxTimeout,
    long memoryBytes,
    int maxProcesses,
    long maxFileBytes,
    long maxStdoutBytes,
    double cpus) {

  /** Background compiles and preamble dumps run at this niceness, interactive compiles at 0. */
  static final int BACKGROUND_NICENESS = 10;

  /** The sandbox's own timeout is this much longer than the run's, so the run's ends it first. */
  private static final Duration SANDBOX_GRACE = Duration.ofSeconds(5);

  /** The compile's wall-clock budget: the job's timeout, at most {@link #maxTimeout}. */
  Duration timeout(CompileJob job) {
    Duration timeout = Duration.ofSeconds(job.options().timeoutSeconds());
    return timeout.compareTo(maxTimeout) > 0 ? maxTimeout : timeout;
  }

  /** The limits of one run of a compile that may take {@code timeout}. */
  SandboxLimits forRun(Duration timeout, CompilePriority priority) {
    SandboxLimits limits = limits(timeout);
    return priority == CompilePriority.BACKGROUND
        ? limits.withNiceness(BACKGROUND_NICENESS)
        : limits;
  }

  /**
   * How a preamble dump after the compile runs: as the compile does, but off the user's path (it
   * yields the CPU to every compile someone waits for).
   */
  FormatBuilder.SandboxSpec forDump(CompileJob job) {
    Duration timeout = timeout(job);
    return new FormatBuilder.SandboxSpec(
        LatexmkCommand.environment(),
        limits(timeout).withNiceness(BACKGROUND_NICENESS),
        timeout,
        job.texImage());
  }

  private SandboxLimits limits(Duration timeout) {
    return new SandboxLimits(
        memoryBytes, maxProcesses, maxFileBytes, timeout.plus(SANDBOX_GRACE), maxStdoutBytes, cpus);
  }
}
