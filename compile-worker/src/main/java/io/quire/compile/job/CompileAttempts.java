package io.quire.compile.job;

import io.quire.common.contract.CompileStatus;
import io.quire.compile.preamble.PreambleCache;
import io.quire.compile.preamble.PreambleCache.Plan;
import java.io.IOException;

/**
 * The attempts of one compile: with the format of its preamble when the plan has one, and, when
 * that attempt fails, once more the plain way, whose result is the one shown (a format that broke a
 * compile the plain way passed is reported to the cache, which drops it). Each attempt runs in the
 * sandbox ({@link CompileRunner}) and comes to an outcome ({@link CompileOutcomes}).
 */
public final class CompileAttempts {
  private final CompileRunner runner;
  private final CompileOutcomes outcomes;
  private final PreambleCache formats;
  private final CompileMetrics metrics;

  public CompileAttempts(
      CompileRunner runner,
      CompileOutcomes outcomes,
      PreambleCache formats,
      CompileMetrics metrics) {
    this.runner = runner;
    this.outcomes = outcomes;
    this.formats = formats;
    this.metrics = metrics;
  }

  /**
   * What a compile came to.
   *
   * @param preambleCached the outcome is that of the attempt with the preamble's format
   * @param fallback the attempt with the format failed, and the outcome is the plain attempt's
   */
  record Compiled(CompileOutcomes.Outcome outcome, boolean preambleCached, boolean fallback) {}

  /**
   * Runs the compile's attempts within its one wall-clock budget.
   *
   * @param plan what the compile does about its preamble
   */
  Compiled compile(PreparedCompile compile, Plan plan) throws IOException, InterruptedException {
    if (!plan.uses()) {
      return new Compiled(attempt(compile, null, false), false, false);
    }
    CompileOutcomes.Outcome formatted = attempt(compile, plan, false);
    if (formatted.status() != CompileStatus.FAILURE || compile.cancelled().getAsBoolean()) {
      return new Compiled(formatted, true, false);
    }
    // did the format break it? The plain compile decides, and its result is the one shown
    CompileOutputs.clearPrevious(compile.workspace().sources());
    CompileOutcomes.Outcome plain = attempt(compile, null, true);
    if (plain.status() == CompileStatus.SUCCESS) {
      formats.formattedCompileFailed(compile.job().projectId(), plan);
    }
    return new Compiled(plain, false, true);
  }

  private CompileOutcomes.Outcome attempt(PreparedCompile compile, Plan format, boolean force)
      throws IOException, InterruptedException {
    CompileRunner.Ran ran = runner.run(compile, format, force);
    long collectStart = System.nanoTime();
    CompileOutcomes.Outcome outcome =
        outcomes.of(compile.workspace().sources(), ran.result(), ran.overQuota());
    if (!outcome.overQuota()) {
      metrics.stage("collect", collectStart);
    }
    return outcome;
  }
}
