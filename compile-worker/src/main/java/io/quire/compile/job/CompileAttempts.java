package io.quire.compile.job;

import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileStatus;
import io.quire.compile.preamble.PreambleCache;
import io.quire.compile.preamble.PreambleCache.Plan;
import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.util.Set;
import java.util.function.BooleanSupplier;

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
   * Runs the compile's attempts within one wall-clock budget.
   *
   * @param since the run the workspace's generated files belong to, and what changed since
   * @param plan what the compile does about its preamble
   * @param deadline when the compile's budget ends ({@link System#nanoTime()})
   * @param cancelled whether the job was cancelled meanwhile
   */
  Compiled compile(
      CompileJob job,
      Workspace workspace,
      Set<String> projectFiles,
      DirectRun.Since since,
      Plan plan,
      long deadline,
      BooleanSupplier cancelled)
      throws IOException, InterruptedException {
    if (!plan.uses()) {
      return new Compiled(
          attempt(job, workspace, projectFiles, since, null, false, deadline, cancelled),
          false,
          false);
    }
    CompileOutcomes.Outcome formatted =
        attempt(job, workspace, projectFiles, since, plan, false, deadline, cancelled);
    if (formatted.status() != CompileStatus.FAILURE || cancelled.getAsBoolean()) {
      return new Compiled(formatted, true, false);
    }
    // did the format break it? The plain compile decides, and its result is the one shown
    CompileOutputs.clearPrevious(workspace.sources());
    CompileOutcomes.Outcome plain =
        attempt(job, workspace, projectFiles, since, null, true, deadline, cancelled);
    if (plain.status() == CompileStatus.SUCCESS) {
      formats.formattedCompileFailed(job.projectId(), plan);
    }
    return new Compiled(plain, false, true);
  }

  private CompileOutcomes.Outcome attempt(
      CompileJob job,
      Workspace workspace,
      Set<String> projectFiles,
      DirectRun.Since since,
      Plan format,
      boolean force,
      long deadline,
      BooleanSupplier cancelled)
      throws IOException, InterruptedException {
    CompileRunner.Ran ran =
        runner.run(job, workspace, projectFiles, since, format, force, deadline, cancelled);
    long collectStart = System.nanoTime();
    CompileOutcomes.Outcome outcome =
        outcomes.of(workspace.sources(), ran.result(), ran.overQuota());
    if (!outcome.overQuota()) {
      metrics.stage("collect", collectStart);
    }
    return outcome;
  }
}
