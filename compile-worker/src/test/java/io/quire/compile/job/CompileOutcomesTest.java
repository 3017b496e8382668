package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.CompileTimings;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.LogEntry;
import io.quire.common.contract.ManifestEntry;
import io.quire.compile.Jobs;
import io.quire.compile.sandbox.SandboxResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What runs come to, from the files a real pdflatex run leaves (the log fixtures). */
class CompileOutcomesTest {
  @TempDir Path sources;

  private final CompileOutcomes outcomes =
      new CompileOutcomes(List.of(Jobs.IMAGE, "tl:2023"), 1 << 20, 2L << 30, 20_000, "worker-7");

  private static final List<ManifestEntry> MANIFEST =
      List.of(new ManifestEntry("main.tex", "a".repeat(64), 10));

  @Test
  void aJobForAnImageThisWorkerDoesNotOfferIsRefusedNamingTheImagesItOffers() {
    CompileJob job =
        new CompileJob(
            "j",
            "p",
            "u",
            java.time.Instant.now(),
            io.quire.common.contract.CompilePriority.INTERACTIVE,
            "k",
            "tl:1999",
            Jobs.pdflatex("main.tex", 60),
            MANIFEST);

    assertThat(outcomes.refusal(job))
        .get()
        .extracting(LogEntry::message)
        .asString()
        .contains("'tl:1999'", "quire/texlive:2024, tl:2023", "QUIRE_COMPILE_DOCKER_IMAGES");
  }

  @Test
  void aRootTexCannotTakeAsItsNameIsRefusedAndAnyOtherJobIsNot() {
    assertThat(outcomes.refusal(Jobs.job("p", Jobs.pdflatex("a$b.tex", 60), MANIFEST)))
        .get()
        .extracting(LogEntry::message)
        .asString()
        .startsWith("The root document a$b.tex cannot be compiled under this name: ")
        .endsWith("Rename it.");
    assertThat(outcomes.refusal(Jobs.job("p", Jobs.pdflatex("my chapter.tex", 60), MANIFEST)))
        .isEmpty();
  }

  @Test
  void aCleanRunWithAPdfSucceedsAndItsResultDescribesTheFiles() throws IOException {
    Files.write(sources.resolve("output.pdf"), new byte[] {'%', 'P', 'D', 'F'});
    Files.write(sources.resolve("output.log"), fixture("warnings/pdflatex-file-line-error.log"));

    CompileOutcomes.Outcome outcome = outcomes.of(sources, run(0, false, false, "ok"), false);
    CompileJob job = Jobs.job("p", Jobs.pdflatex("main.tex", 60), MANIFEST);
    CompileResult result =
        outcomes.result(job, outcome, "build-1", new CompileTimings(1, 2, 3, 4), true);

    assertThat(outcome.status()).isEqualTo(CompileStatus.SUCCESS);
    assertThat(outcome.log().warnings()).isNotEmpty();
    assertThat(result.status()).isEqualTo(CompileStatus.SUCCESS);
    assertThat(result.buildId()).isEqualTo("build-1");
    assertThat(result.cacheKey()).isEqualTo(job.cacheKey());
    assertThat(result.workerId()).isEqualTo("worker-7");
    assertThat(result.preambleCached()).isTrue();
    assertThat(result.outputFiles())
        .extracting(f -> f.name())
        .containsExactly("output.pdf", "output.log", "output.stdout");
    assertThat(CompileOutcomes.deterministic(result.status())).isTrue();
  }

  @Test
  void errorsInTheLogFailTheCompileEvenWithAPdf() throws IOException {
    Files.write(sources.resolve("output.pdf"), new byte[] {'%', 'P', 'D', 'F'});
    Files.write(sources.resolve("output.log"), fixture("errors/pdflatex-file-line-error.log"));

    CompileOutcomes.Outcome outcome = outcomes.of(sources, run(0, false, false, ""), false);

    assertThat(outcome.status()).isEqualTo(CompileStatus.FAILURE);
    assertThat(outcome.log().errors()).isNotEmpty().allMatch(e -> !"system".equals(e.kind()));
  }

  @Test
  void aStopATimeoutAndOversizedOutputsComeBeforeTheLogsVerdict() throws IOException {
    Files.write(sources.resolve("output.log"), fixture("errors/pdflatex-file-line-error.log"));

    assertThat(outcomes.of(sources, run(-1, true, true, ""), false).status())
        .isEqualTo(CompileStatus.TERMINATED);
    assertThat(outcomes.of(sources, run(-1, true, false, ""), false).status())
        .isEqualTo(CompileStatus.TIMEDOUT);
    Files.write(sources.resolve("output.pdf"), new byte[2 << 20]);
    assertThat(outcomes.of(sources, run(0, false, false, ""), false).status())
        .isEqualTo(CompileStatus.TOO_LARGE);
    assertThat(CompileOutcomes.deterministic(CompileStatus.TIMEDOUT)).isFalse();
    assertThat(CompileOutcomes.deterministic(CompileStatus.TERMINATED)).isFalse();
  }

  @Test
  void aFailureWhoseLogNamesNoErrorQuotesTheExitCodeAndTheEndOfTheOutput() {
    String printed = "x".repeat(1000) + "the end";

    CompileOutcomes.Outcome outcome = outcomes.of(sources, run(12, false, false, printed), false);

    assertThat(outcome.status()).isEqualTo(CompileStatus.FAILURE);
    assertThat(outcome.log().errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo("system");
              assertThat(e.message())
                  .startsWith(
                      "The compiler ended with exit code 12 and wrote no log. It printed: …")
                  .endsWith("the end");
              assertThat(e.message().length()).isLessThan(CompileOutcomes.QUOTED_OUTPUT + 100);
            });
  }

  @Test
  void aCompileThatOutgrewItsWorkspaceSaysSoFirstAndIsTooLarge() throws IOException {
    Files.write(sources.resolve("output.log"), fixture("errors/pdflatex-file-line-error.log"));

    CompileOutcomes.Outcome outcome = outcomes.of(sources, run(-1, false, true, ""), true);

    assertThat(outcome.status()).isEqualTo(CompileStatus.TOO_LARGE);
    assertThat(outcome.overQuota()).isTrue();
    assertThat(outcome.log().errors().get(0).message())
        .isEqualTo(
            "The compile was stopped: it filled its workspace beyond the limit of 2048 MB or"
                + " 20000 files. Look for a loop that writes files.");
    assertThat(outcome.log().errors()).hasSizeGreaterThan(1);
  }

  @Test
  void aCompileThatNeverRanHasNoOutputsAndSaysWhy() {
    CompileJob job =
        Jobs.job("p", new CompileOptions(Compiler.XELATEX, "main.tex", false, false, 60), MANIFEST);

    CompileResult result =
        outcomes.withoutOutputs(
            job,
            CompileStatus.ERROR,
            null,
            List.of(CompileOutcomes.couldNotStart(new IOException("no engine"))),
            new CompileTimings(5, 0, 0, 0));

    assertThat(result.outputFiles()).isEmpty();
    assertThat(result.preambleCached()).isFalse();
    assertThat(result.errors())
        .extracting(LogEntry::message)
        .containsExactly("The compile could not start: no engine");
  }

  private static SandboxResult run(int exit, boolean timedOut, boolean stopped, String output) {
    return new SandboxResult(exit, timedOut, stopped, output, false, Duration.ofMillis(10));
  }

  private static byte[] fixture(String path) throws IOException {
    try (InputStream in = CompileOutcomesTest.class.getResourceAsStream("/logs/" + path)) {
      return in.readAllBytes();
    }
  }
}
