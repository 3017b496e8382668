package io.quire.compile.preamble;

import static io.quire.compile.preamble.FormatFiles.BUILD_DIR;
import static io.quire.compile.preamble.FormatFiles.JOB_NAME;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.CompileJob;
import io.quire.common.project.TexFileNames;
import io.quire.compile.preamble.PreambleCache.Plan;
import io.quire.compile.sandbox.SandboxCommand;
import io.quire.compile.sandbox.SandboxLimits;
import io.quire.compile.sandbox.SandboxResult;
import io.quire.compile.sandbox.SandboxRunner;
import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dumps the preamble of a workspace's root file into a format, in the sandbox: the dump is judged
 * ({@link DumpJudge}) and probed ({@link FormatProbe}); a format that passes is put in place
 * ({@link FormatFiles}) and shared through Redis ({@link FormatStore}), one that does not marks the
 * preamble "no format" while the files it read are unchanged.
 */
public final class FormatBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(FormatBuilder.class);

  /**
   * How to run a dump in the sandbox: the same environment, limits and image as the compile.
   *
   * @param environment TeX's whole environment
   * @param limits the compile's limits
   * @param timeout the compile's wall-clock timeout
   * @param image the job's TeX image
   */
  public record SandboxSpec(
      Map<String, String> environment, SandboxLimits limits, Duration timeout, String image) {

    /** Runs {@code argv} over {@code sources} and waits for it. */
    SandboxResult run(SandboxRunner sandbox, Path sources, List<String> argv)
        throws IOException, InterruptedException {
      return sandbox
          .start(new SandboxCommand(sources, argv, environment, timeout, limits, image))
          .await();
    }
  }

  private final FormatStore store;
  private final FormatFiles files;
  private final SandboxRunner sandbox;
  private final FormatProbe probe;
  private final MeterRegistry meters;
  private final String workerId;
  private final Clock clock;

  public FormatBuilder(
      FormatStore store,
      FormatFiles files,
      SandboxRunner sandbox,
      MeterRegistry meters,
      String workerId,
      Clock clock) {
    this.store = store;
    this.files = files;
    this.sandbox = sandbox;
    this.probe = new FormatProbe(sandbox);
    this.meters = meters;
    this.workerId = workerId;
    this.clock = clock;
  }

  /**
   * Dumps the preamble of the workspace's root file into a format, in the sandbox, and installs it;
   * a dump that fails or looks unsafe marks the preamble "no format" instead. Runs while the
   * project's lock is held, after the compile's result went out.
   */
  public void build(CompileJob job, Workspace workspace, Plan plan, SandboxSpec spec) {
    long started = System.nanoTime();
    Path sources = workspace.sources();
    String rootPath = job.options().rootPath();
    try {
      Path buildDir = FormatFiles.prepareBuildDir(sources);
      SandboxResult result = spec.run(sandbox, sources, dumpArgv(plan.engine(), rootPath));
      DumpJudge.Verdict verdict =
          DumpJudge.judge(rootPath, sources, buildDir, result, spec.limits().maxFileBytes());
      if (verdict.refusal() == null) {
        verdict =
            new DumpJudge.Verdict(
                probe.probe(rootPath, plan.engine(), sources, spec), verdict.inputs());
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (verdict.refusal() != null) {
        LOG.info(
            "No format for project {} (dump took {} ms): {}",
            job.projectId(),
            ms,
            verdict.refusal());
        store.markNoFormat(
            job.projectId(), plan.key(), new NoFormat(verdict.refusal(), verdict.inputs()));
        count("build-failed");
        return;
      }
      Path built = buildDir.resolve(JOB_NAME + ".fmt");
      long size = Files.size(built);
      FormatRecord record =
          new FormatRecord(plan.key(), verdict.inputs(), size, clock.instant(), workerId);
      Path target = files.place(workspace, built, record);
      long evicted = 0;
      if (size <= store.capBytes()) {
        evicted = store.save(job.projectId(), record, SafeFiles.readRegular(target, size));
      }
      count("built");
      LOG.info(
          "Built format of project {} in {} ms: {} KB, {} local inputs, {} evicted from Redis",
          job.projectId(),
          ms,
          size / 1024,
          record.inputs().size(),
          evicted);
    } catch (IOException | RuntimeException e) {
      // the sandbox could not run, the workspace changed under us, or Redis failed: the compile's
      // result is out already; the next compile of this preamble tries again
      LOG.warn("Format build of project {} did not run: {}", job.projectId(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        FormatFiles.clearBuildDir(sources);
      } catch (IOException e) {
        LOG.debug("could not clear the format build directory of {}", job.projectId(), e);
      }
    }
  }

  /** The dump: mylatexformat runs the root file's preamble and dumps TeX's state. */
  static List<String> dumpArgv(PreambleCache.Engine engine, String rootPath) {
    return List.of(
        engine.command(),
        "-ini",
        "-interaction=batchmode",
        "-halt-on-error",
        "-file-line-error",
        "-recorder",
        "-no-shell-escape",
        "-output-directory=" + BUILD_DIR,
        "-jobname=" + JOB_NAME,
        "&" + engine.command(),
        "mylatexformat.ltx",
        TexFileNames.argument(rootPath));
  }

  private void count(String outcome) {
    meters.counter("quire.compile.preamble", "outcome", outcome).increment();
  }
}
