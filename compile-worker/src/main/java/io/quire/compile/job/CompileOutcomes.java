package io.quire.compile.job;

import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.CompileTimings;
import io.quire.common.contract.LogEntry;
import io.quire.common.project.TexFileNames;
import io.quire.compile.logs.LogParser;
import io.quire.compile.logs.ParsedLog;
import io.quire.compile.sandbox.SandboxCommand;
import io.quire.compile.sandbox.SandboxResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a compile comes to: a job this worker refuses to run, or the status, files and messages a
 * run left, and the result that reports either. Every result says in words what went wrong,
 * including when TeX's log does not.
 */
public final class CompileOutcomes {
  /** Most characters of the compiler's own output quoted when its log names no error. */
  static final int QUOTED_OUTPUT = 600;

  private final List<String> allowedImages;
  private final long maxOutputBytes;
  private final long quotaBytes;
  private final long quotaEntries;
  private final String workerId;

  /**
   * @param allowedImages the TeX images this worker offers, the default first
   * @param maxOutputBytes total size of one compile's output files
   * @param quotaBytes the workspace quota in bytes, for the message of a compile that outgrew it
   * @param quotaEntries the workspace quota in files and directories, for the same message
   * @param workerId the worker named in results
   */
  public CompileOutcomes(
      List<String> allowedImages,
      long maxOutputBytes,
      long quotaBytes,
      long quotaEntries,
      String workerId) {
    this.allowedImages = List.copyOf(allowedImages);
    this.maxOutputBytes = maxOutputBytes;
    this.quotaBytes = quotaBytes;
    this.quotaEntries = quotaEntries;
    this.workerId = workerId;
  }

  /**
   * What one compile's runs left.
   *
   * @param overQuota the workspace outgrew its quota: what it holds is not worth keeping
   */
  record Outcome(
      CompileOutputs.Collected outputs, ParsedLog log, CompileStatus status, boolean overQuota) {}

  /** Why this worker does not run the job at all, or empty when it may. */
  Optional<LogEntry> refusal(CompileJob job) {
    if (!allowedImages.contains(job.texImage())) {
      // web offered an image this worker was not given: a configuration the admin must align
      return Optional.of(
          system(
              "This server's compile workers do not offer the TeX image '"
                  + job.texImage()
                  + "' (they offer "
                  + String.join(", ", allowedImages)
                  + "). An administrator must list it in QUIRE_COMPILE_DOCKER_IMAGES on"
                  + " the compile workers as on web, or the project must choose another."));
    }
    Optional<String> badRoot = TexFileNames.rootProblem(job.options().rootPath());
    // web refuses such a root; a job from elsewhere (an older web) still never reaches latexmk
    return badRoot.map(
        problem ->
            system(
                "The root document "
                    + job.options().rootPath()
                    + " cannot be compiled under this name: "
                    + problem
                    + ". Rename it."));
  }

  /**
   * Collects the outputs a run left in {@code sources}, reads its log and decides its status.
   *
   * @param overQuota whether the workspace outgrew its quota during the run
   */
  Outcome of(Path sources, SandboxResult run, boolean overQuota) {
    CompileOutputs.Collected outputs =
        CompileOutputs.collect(sources, run.output(), maxOutputBytes);
    ParsedLog log =
        LogParser.parse(
            outputs.files().get(CompileOutputs.LOG),
            outputs.files().get(CompileOutputs.BLG),
            SandboxCommand.WORKSPACE_MOUNT);
    if (overQuota) {
      List<LogEntry> errors = new ArrayList<>();
      errors.add(
          system(
              String.format(
                  Locale.ROOT,
                  "The compile was stopped: it filled its workspace beyond the limit of %d MB"
                      + " or %d files. Look for a loop that writes files.",
                  quotaBytes >> 20,
                  quotaEntries)));
      errors.addAll(log.errors());
      return new Outcome(
          outputs, new ParsedLog(errors, log.warnings()), CompileStatus.TOO_LARGE, true);
    }
    CompileStatus status = status(run, outputs, log);
    if (status == CompileStatus.FAILURE && log.errors().isEmpty()) {
      log = new ParsedLog(List.of(silentFailure(run, outputs)), log.warnings());
    }
    return new Outcome(outputs, log, status, false);
  }

  static CompileStatus status(SandboxResult run, CompileOutputs.Collected outputs, ParsedLog log) {
    if (run.stopped()) {
      return CompileStatus.TERMINATED;
    }
    if (run.timedOut()) {
      return CompileStatus.TIMEDOUT;
    }
    if (outputs.tooLarge()) {
      return CompileStatus.TOO_LARGE;
    }
    boolean hasPdf = outputs.files().containsKey(CompileOutputs.PDF);
    if (run.exitCode() != 0 || !log.errors().isEmpty() || !hasPdf) {
      return CompileStatus.FAILURE;
    }
    return CompileStatus.SUCCESS;
  }

  /** Whether the same sources always end this way, so the result may be cached. */
  static boolean deterministic(CompileStatus status) {
    return status == CompileStatus.SUCCESS || status == CompileStatus.FAILURE;
  }

  /**
   * A failed run whose log names no error (no log at all, e.g. when the sandbox could not write the
   * workspace) still says what happened: its exit code and the end of what it printed.
   */
  static LogEntry silentFailure(SandboxResult run, CompileOutputs.Collected outputs) {
    String printed = run.output().strip();
    if (printed.length() > QUOTED_OUTPUT) {
      printed = "…" + printed.substring(printed.length() - QUOTED_OUTPUT);
    }
    boolean noLog = !outputs.files().containsKey(CompileOutputs.LOG);
    return system(
        "The compiler ended with exit code "
            + run.exitCode()
            + (noLog ? " and wrote no log" : " without naming an error in its log")
            + (printed.isEmpty() ? "." : ". It printed: " + printed));
  }

  /** The message of a compile the sandbox could not run. */
  static LogEntry couldNotStart(Exception e) {
    return system("The compile could not start: " + e.getMessage());
  }

  /** The result of a compile that ran, with the files it left. */
  CompileResult result(
      CompileJob job,
      Outcome outcome,
      String buildId,
      CompileTimings timings,
      boolean preambleCached) {
    return new CompileResult(
        outcome.status(),
        buildId,
        job.cacheKey(),
        outcome.outputs().describe(),
        outcome.log().errors(),
        outcome.log().warnings(),
        timings,
        workerId,
        preambleCached,
        Instant.now());
  }

  /** The result of a compile that never ran TeX (refused, stopped while queued, no sandbox). */
  CompileResult withoutOutputs(
      CompileJob job,
      CompileStatus status,
      String buildId,
      List<LogEntry> errors,
      CompileTimings timings) {
    return new CompileResult(
        status,
        buildId,
        job.cacheKey(),
        List.of(),
        errors,
        List.of(),
        timings,
        workerId,
        false,
        Instant.now());
  }

  private static LogEntry system(String message) {
    return new LogEntry(null, null, message, "system");
  }
}
