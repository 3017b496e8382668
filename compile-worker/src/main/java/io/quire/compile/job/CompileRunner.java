package io.quire.compile.job;

import io.quire.common.contract.CompileJob;
import io.quire.compile.preamble.PreambleCache.Plan;
import io.quire.compile.sandbox.SandboxCommand;
import io.quire.compile.sandbox.SandboxProcess;
import io.quire.compile.sandbox.SandboxResult;
import io.quire.compile.sandbox.SandboxRunner;
import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs one attempt of a compile in the sandbox: the engine once when that is all latexmk would do
 * (see {@link DirectRun}), else latexmk, which also takes over when the single run turns out not to
 * be enough. While it runs, the workspace is held to its quota and a stop command can reach the
 * process; afterwards the workspace records the run for the next compile's choice.
 */
public final class CompileRunner {
  private final SandboxRunner sandbox;
  private final RunningCompiles running;
  private final WorkspaceQuota quota;
  private final CompileLimits limits;
  private final CompileMetrics metrics;
  private final boolean directRuns;

  /**
   * @param directRuns whether a run may take the fast path without latexmk (ADR 0011)
   */
  public CompileRunner(
      SandboxRunner sandbox,
      RunningCompiles running,
      WorkspaceQuota quota,
      CompileLimits limits,
      CompileMetrics metrics,
      boolean directRuns) {
    this.sandbox = sandbox;
    this.running = running;
    this.quota = quota;
    this.limits = limits;
    this.metrics = metrics;
    this.directRuns = directRuns;
  }

  /**
   * What one attempt left.
   *
   * @param overQuota the workspace outgrew its quota while it ran (the run was stopped for it)
   */
  record Ran(SandboxResult result, boolean overQuota) {}

  /**
   * Runs one attempt of the compile, within the workspace's quota.
   *
   * @param format the preamble format to load, or null
   * @param force latexmk with {@code -g} (after a failed run with a format): never the fast path
   */
  Ran run(PreparedCompile compile, Plan format, boolean force)
      throws IOException, InterruptedException {
    CompileJob job = compile.job();
    WorkspaceQuota.Watch watch =
        quota.watch(
            compile.workspace().sources(), () -> running.stop(job.projectId(), job.jobId()));
    SandboxResult result;
    try {
      result = runSandboxed(compile, format, force);
    } finally {
      watch.close();
    }
    return new Ran(result, watch.exceeded() != null);
  }

  private SandboxResult runSandboxed(PreparedCompile compile, Plan format, boolean force)
      throws IOException, InterruptedException {
    CompileJob job = compile.job();
    Workspace workspace = compile.workspace();
    Set<String> projectFiles = compile.projectFiles();
    DirectRun.Since since = compile.since();
    Path root = workspace.root();
    String signature = DirectRun.signature(job.options());
    LastRun last = since.last();
    // an earlier run of this same compile may have left one; this run decides anew
    Files.deleteIfExists(LastRun.file(root));
    List<String> latexmk =
        LatexmkCommand.argv(job.options(), format == null ? null : format.latexmkOverride(), force);

    Map<String, String> before = null;
    boolean first = false;
    if (!force && directRuns) {
      if (DirectRun.eligible(job.options(), since.changed(), projectFiles, last)) {
        before = DirectRun.generatedFiles(workspace.sources(), projectFiles);
      } else if (DirectRun.eligibleFirst(job.options(), last)
          && Map.of().equals(DirectRun.generatedFiles(workspace.sources(), projectFiles))
          && DirectRun.seedAux(workspace.sources(), projectFiles)) {
        // a workspace without generated files: latexmk would seed the aux file and run the
        // engine once, then stop unless that run changed a generated file
        first = true;
        before = DirectRun.generatedFiles(workspace.sources(), projectFiles);
      }
    }
    if (before != null) {
      Map<String, String> stamps = DirectRun.stamps(workspace.sources(), projectFiles);
      List<String> engine =
          DirectRun.argv(job.options(), format == null ? null : format.formatOption());
      SandboxResult direct = sandboxed(compile, engine);
      if (direct.stopped() || direct.timedOut()) {
        metrics.path("direct");
        return direct;
      }
      Map<String, String> after = DirectRun.generatedFiles(workspace.sources(), projectFiles);
      // the run wrote no generated file differently and left every project file alone
      if (before.equals(after)
          && stamps.equals(DirectRun.stamps(workspace.sources(), projectFiles))) {
        new LastRun(signature, direct.exitCode() == 0, 0).write(root);
        metrics.path("direct");
        return direct;
      }
      // latexmk continues from this state as from its own first run (no record of it needed):
      // it runs what that run calls for and nothing it already did
      SandboxResult full = sandboxed(compile, latexmk);
      // a first compile that needs more than one run says nothing of the edits to come
      recordLastRun(root, signature, full, first ? 0 : last.fallbacks() + 1);
      metrics.path("direct-then-latexmk");
      return new SandboxResult(
          full.exitCode(),
          full.timedOut(),
          full.stopped(),
          direct.output() + full.output(),
          direct.outputTruncated() || full.outputTruncated(),
          direct.elapsed().plus(full.elapsed()));
    }
    if (!force && latexmkMustForce(last, signature, since.changed())) {
      latexmk =
          LatexmkCommand.argv(
              job.options(), format == null ? null : format.latexmkOverride(), true);
    }
    SandboxResult full = sandboxed(compile, latexmk);
    recordLastRun(root, signature, full, DirectRun.fallbacksAfterLatexmk(last));
    metrics.path("latexmk");
    return full;
  }

  /**
   * Whether latexmk must run every rule once ({@code -g}) instead of deciding from its database,
   * which knows neither the options it passes on to the engine ({@code -halt-on-error}) nor a
   * reason to retry a run that failed on unchanged sources: it would answer "nothing to do" and
   * leave neither log nor PDF. A failed run followed by an edit needs no force (latexmk sees the
   * edit), so a document with errors does not rerun bibtex or biber on every compile.
   *
   * @param last the run the workspace's generated files belong to, or null
   * @param changed the project files written or deleted since that run
   */
  static boolean latexmkMustForce(LastRun last, String signature, Set<String> changed) {
    if (last == null) {
      return true;
    }
    if (!last.options().equals(signature)) {
      return true;
    }
    return !last.settled() && changed.isEmpty();
  }

  /** What is left of a compile's budget; at least a second, so a last run can still report. */
  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L));
  }

  private static void recordLastRun(Path root, String signature, SandboxResult run, int fallbacks) {
    if (!run.stopped() && !run.timedOut()) {
      new LastRun(signature, run.exitCode() == 0, fallbacks).write(root);
    }
  }

  /** Runs {@code argv} in the sandbox within what is left of the compile's budget. */
  private SandboxResult sandboxed(PreparedCompile compile, List<String> argv)
      throws IOException, InterruptedException {
    CompileJob job = compile.job();
    Duration timeout = remaining(compile.deadline());
    SandboxCommand command =
        new SandboxCommand(
            compile.workspace().sources(),
            argv,
            LatexmkCommand.environment(),
            timeout,
            limits.forRun(timeout, job.priority()),
            job.texImage());
    SandboxProcess process = sandbox.start(command);
    metrics.runStarted();
    try {
      return await(job, process, compile.cancelled());
    } finally {
      metrics.runEnded();
    }
  }

  private SandboxResult await(CompileJob job, SandboxProcess process, BooleanSupplier cancelled)
      throws InterruptedException {
    try {
      running.started(job.projectId(), job.jobId(), process);
      // a stop that came while the compile was starting found nothing to stop here; web marks the
      // job cancelled before it broadcasts the stop, so one of the two always reaches the process
      if (cancelled.getAsBoolean()) {
        process.stop();
      }
    } catch (RuntimeException e) {
      // never leave a sandboxed run behind: the project's lock is released when this throws
      process.stop();
      process.await();
      throw e;
    }
    return process.await();
  }
}
