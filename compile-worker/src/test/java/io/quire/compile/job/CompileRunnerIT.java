package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quire.common.contract.CompileJob;
import io.quire.compile.Jobs;
import io.quire.compile.sandbox.SandboxResult;
import io.quire.compile.sandbox.UnsafeLocalRunner;
import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One attempt of a compile with the host's TeX Live and latexmk (run without isolation: what is
 * tested here is the choice of run, the record it leaves, the quota and the stop, not the sandbox).
 */
class CompileRunnerIT {
  private static final String SIMPLE =
      "\\documentclass{article}\n\\begin{document}\nHello.\n\\end{document}\n";
  private static final String CROSS_REFERENCE =
      "\\documentclass{article}\n\\begin{document}\n\\section{A}\\label{a}\nSee \\ref{a}.\n"
          + "\\end{document}\n";
  private static final Set<String> FILES = Set.of("main.tex");
  private static final BooleanSupplier RUNNING = () -> false;

  @TempDir Path root;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CompileMetrics metrics = new CompileMetrics(registry);
  private final RunningCompiles running = new RunningCompiles();
  private final CompileLimits limits =
      new CompileLimits(Duration.ofSeconds(60), 1L << 30, 64, 256L << 20, 2L << 20, 1.0);
  private WorkspaceQuota quota = new WorkspaceQuota(1L << 30, 20_000, Duration.ofMillis(100));

  @AfterEach
  void closeQuota() {
    quota.close();
  }

  @Test
  void aSimpleFirstCompileRunsTheEngineOnceAndRecordsASettledRun() throws Exception {
    Workspace workspace = workspace(SIMPLE);
    CompileJob job = job();

    CompileRunner.Ran ran = runner(true).run(prepared(job, workspace, RUNNING), null, false);

    assertThat(ran.result().exitCode()).isZero();
    assertThat(ran.overQuota()).isFalse();
    assertThat(workspace.sources().resolve("output.pdf")).isNotEmptyFile();
    assertThat(path("direct")).isEqualTo(1);
    assertThat(LastRun.read(workspace.root()))
        .isEqualTo(new LastRun(DirectRun.signature(job.options()), true, 0));
    assertThat(registry.get("quire.compile.sandboxed.runs").gauge().value()).isZero();
  }

  @Test
  void aFirstRunThatChangesItsAuxFileHandsOverToLatexmk() throws Exception {
    Workspace workspace = workspace(CROSS_REFERENCE);

    CompileRunner.Ran ran = runner(true).run(prepared(job(), workspace, RUNNING), null, false);

    assertThat(ran.result().exitCode()).isZero();
    assertThat(path("direct-then-latexmk")).isEqualTo(1);
    assertThat(ran.result().output()).contains("Latexmk");
    assertThat(Files.readString(workspace.sources().resolve("output.aux")))
        .contains("\\newlabel{a}");
    assertThat(LastRun.read(workspace.root()).settled()).isTrue();
  }

  @Test
  void withoutDirectRunsOrWhenForcedLatexmkRuns() throws Exception {
    CompileRunner.Ran plain =
        runner(false).run(prepared(job(), workspace(SIMPLE), RUNNING), null, false);
    assertThat(plain.result().exitCode()).isZero();
    assertThat(path("latexmk")).isEqualTo(1);

    CompileRunner.Ran forced =
        runner(true).run(prepared(job(), workspace(SIMPLE), RUNNING), null, true);
    assertThat(forced.result().exitCode()).isZero();
    assertThat(path("latexmk")).isEqualTo(2);
    assertThat(path("direct")).isZero();
  }

  @Test
  void aJobCancelledWhileItsRunStartedIsStoppedAndLeavesNoRecord() throws Exception {
    Workspace workspace = workspace(SIMPLE);

    CompileRunner.Ran ran = runner(false).run(prepared(job(), workspace, () -> true), null, false);

    assertThat(ran.result().stopped()).isTrue();
    assertThat(LastRun.read(workspace.root())).isNull();
  }

  @Test
  void aRunThatFillsTheWorkspaceBeyondItsQuotaIsReportedOverIt() throws Exception {
    quota.close();
    quota = new WorkspaceQuota(2048, 20_000, Duration.ofMillis(50));
    Workspace workspace = workspace(SIMPLE);

    CompileRunner.Ran ran = runner(true).run(prepared(job(), workspace, RUNNING), null, false);

    assertThat(ran.overQuota()).isTrue();
  }

  @Test
  void theRunIsReachableByAStopCommandWhileItRuns() throws Exception {
    Workspace workspace =
        workspace(
            "\\documentclass{article}\n\\begin{document}\n\\def\\x{\\x}\\x\n\\end{document}\n");
    CompileJob job = job();
    Thread stopper =
        new Thread(
            () ->
                await()
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> running.stop(job.projectId(), job.jobId())));
    stopper.start();

    SandboxResult result =
        runner(true).run(prepared(job, workspace, RUNNING), null, false).result();
    stopper.join();

    assertThat(result.stopped()).isTrue();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(20));
  }

  private CompileRunner runner(boolean directRuns) {
    return new CompileRunner(new UnsafeLocalRunner(), running, quota, limits, metrics, directRuns);
  }

  private Workspace workspace(String main) throws IOException {
    Path dir = Files.createTempDirectory(root, "ws");
    Workspace workspace = new Workspace(dir, Files.createDirectories(dir.resolve("src")), true);
    Files.writeString(workspace.sources().resolve("main.tex"), main);
    return workspace;
  }

  private static CompileJob job() {
    return Jobs.mainTex("p-" + System.nanoTime());
  }

  /** {@code job} on a fresh {@code workspace} holding {@code main.tex}, with a minute to run. */
  static PreparedCompile prepared(CompileJob job, Workspace workspace, BooleanSupplier cancelled) {
    return new PreparedCompile(
        job,
        workspace,
        FILES,
        new DirectRun.Since(null, FILES),
        System.nanoTime() + TimeUnit.SECONDS.toNanos(60),
        cancelled);
  }

  private double path(String path) {
    var counter = registry.find("quire.compile.path").tag("path", path).counter();
    return counter == null ? 0 : counter.count();
  }
}
