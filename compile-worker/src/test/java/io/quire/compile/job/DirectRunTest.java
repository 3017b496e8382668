package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.Compiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectRunTest {
  @TempDir Path root;

  private static final CompileOptions PDFLATEX =
      new CompileOptions(Compiler.PDFLATEX, "main.tex", false, false, 60);

  @Test
  void aWarmSettledWorkspaceWithOnlyTexChangesMayTakeTheFastPath() {
    LastRun settled = new LastRun(DirectRun.signature(PDFLATEX), true, 0);

    assertThat(eligible(PDFLATEX, sync(false, 1, 0, Set.of("main.tex")), settled)).isTrue();
    assertThat(
            eligible(PDFLATEX, sync(false, 2, 0, Set.of("main.tex", "chapters/One.TEX")), settled))
        .isTrue();
  }

  @Test
  void anythingLatexmkMightDoMoreForTakesLatexmk() {
    String signature = DirectRun.signature(PDFLATEX);
    LastRun settled = new LastRun(signature, true, 0);
    Change texOnly = sync(false, 1, 0, Set.of("main.tex"));

    assertThat(eligible(PDFLATEX, sync(true, 1, 0, Set.of("main.tex")), settled))
        .as("fresh workspace")
        .isFalse();
    assertThat(eligible(PDFLATEX, texOnly, null)).as("no last run").isFalse();
    assertThat(eligible(PDFLATEX, texOnly, new LastRun(signature, false, 0)))
        .as("last run did not settle")
        .isFalse();
    assertThat(eligible(PDFLATEX, texOnly, new LastRun(signature, true, DirectRun.MAX_FALLBACKS)))
        .as("a document that keeps changing its aux files")
        .isFalse();
    assertThat(eligible(PDFLATEX, sync(false, 1, 0, Set.of("refs.bib")), settled))
        .as("bibliography changed")
        .isFalse();
    assertThat(eligible(PDFLATEX, sync(false, 1, 0, Set.of("fig.png")), settled))
        .as("image changed")
        .isFalse();
    assertThat(eligible(PDFLATEX, sync(false, 0, 1, Set.of("chapter.tex")), settled))
        .as("file deleted")
        .isFalse();
    CompileOptions xelatex = new CompileOptions(Compiler.XELATEX, "main.tex", false, false, 60);
    assertThat(eligible(xelatex, texOnly, settled)).as("other compiler").isFalse();
    CompileOptions draft = new CompileOptions(Compiler.PDFLATEX, "main.tex", true, false, 60);
    assertThat(eligible(draft, texOnly, new LastRun(DirectRun.signature(draft), true, 0)))
        .as("draft mode")
        .isFalse();
    CompileOptions latex = new CompileOptions(Compiler.LATEX, "main.tex", false, false, 60);
    assertThat(eligible(latex, texOnly, new LastRun(DirectRun.signature(latex), true, 0)))
        .as("latex needs dvipdfmx")
        .isFalse();
  }

  @Test
  void theEngineRunsWithLatexmksOptions() {
    assertThat(DirectRun.argv(PDFLATEX, null))
        .containsExactly(
            "pdflatex",
            "-recorder",
            "-jobname=output",
            "-interaction=batchmode",
            "-file-line-error",
            "-synctex=1",
            "-no-shell-escape",
            "./main.tex");
    assertThat(
            DirectRun.argv(
                new CompileOptions(Compiler.LUALATEX, "a/b.tex", false, true, 60),
                "-fmt=.quire-formats/k"))
        .startsWith("lualatex")
        .contains("-halt-on-error", "-fmt=.quire-formats/k")
        .endsWith("./a/b.tex");
    assertThat(
            DirectRun.argv(
                new CompileOptions(Compiler.PDFLATEX, "-jobname=x.tex", false, false, 60), null))
        .endsWith("./-jobname=x.tex")
        .doesNotContain("-jobname=x.tex");
  }

  @Test
  void generatedFilesAreFingerprintedAndProjectFilesAndFinalOutputsIgnored() throws IOException {
    Path sources = Files.createDirectories(root.resolve("src"));
    Files.writeString(sources.resolve("main.tex"), "\\documentclass{article}");
    Files.writeString(sources.resolve("output.aux"), "\\relax");
    Files.writeString(sources.resolve("output.pdf"), "%PDF");
    Files.writeString(sources.resolve("output.log"), "log");
    Files.createDirectories(sources.resolve(".texmf-var"));
    Files.writeString(sources.resolve(".texmf-var/cache"), "x");
    Files.createDirectories(sources.resolve(".quire-formats"));
    Files.writeString(sources.resolve(".quire-formats/key.fmt"), "format");

    Map<String, String> before = DirectRun.generatedFiles(sources, Set.of("main.tex"));
    assertThat(before).containsOnlyKeys("output.aux");

    Files.writeString(sources.resolve("output.log"), "another log");
    assertThat(DirectRun.generatedFiles(sources, Set.of("main.tex"))).isEqualTo(before);
    Files.writeString(sources.resolve("output.aux"), "\\relax\\newlabel{a}");
    assertThat(DirectRun.generatedFiles(sources, Set.of("main.tex"))).isNotEqualTo(before);
  }

  @Test
  void theLastRunSurvivesOnDiskIsTakenOnlyOnceAndGarbageReadsAsNone() throws IOException {
    new LastRun("pdflatex|main.tex|false|false", true, 2).write(root);
    assertThat(LastRun.read(root)).isEqualTo(new LastRun("pdflatex|main.tex|false|false", true, 2));
    assertThat(LastRun.take(root)).isEqualTo(new LastRun("pdflatex|main.tex|false|false", true, 2));
    assertThat(LastRun.take(root)).as("a crash after taking leaves no claim").isNull();

    Files.writeString(LastRun.file(root), "nonsense");
    assertThat(LastRun.read(root)).isNull();
  }

  @Test
  void aDocumentThatKeepsFallingBackIsRetriedOnlyNowAndThen() {
    assertThat(DirectRun.mayTry(0)).isTrue();
    assertThat(DirectRun.mayTry(DirectRun.MAX_FALLBACKS - 1)).isTrue();
    assertThat(DirectRun.mayTry(DirectRun.MAX_FALLBACKS)).isFalse();
    int tries = 0;
    int fallbacks = DirectRun.MAX_FALLBACKS;
    for (int compile = 0; compile < 3 * DirectRun.RETRY_EVERY; compile++) {
      if (DirectRun.mayTry(fallbacks)) {
        tries++;
        fallbacks++; // it fell back again
      } else {
        fallbacks = DirectRun.fallbacksAfterLatexmk(new LastRun("o", true, fallbacks));
      }
    }
    assertThat(tries).isEqualTo(3);
    assertThat(DirectRun.fallbacksAfterLatexmk(new LastRun("o", true, 1)))
        .as("below the limit, plain latexmk runs keep the count")
        .isEqualTo(1);
    assertThat(DirectRun.fallbacksAfterLatexmk(null)).isZero();
  }

  @Test
  void projectFileStampsChangeWhenARunRewritesAProjectFile() throws IOException {
    Path sources = Files.createDirectories(root.resolve("src"));
    Path bib = Files.writeString(sources.resolve("refs.bib"), "@book{a,}");
    Map<String, String> before = DirectRun.stamps(sources, Set.of("refs.bib", "gone.tex"));
    assertThat(before).containsEntry("gone.tex", "missing");

    Files.writeString(bib, "@book{a,title={New}}");
    assertThat(DirectRun.stamps(sources, Set.of("refs.bib", "gone.tex"))).isNotEqualTo(before);
  }

  @Test
  void theRunRecordRoundTripsAndTellsWhatChangedSince() {
    RunRecord record =
        new RunRecord(
            new LastRun("pdflatex|main.tex|false|false", true, 1),
            "a".repeat(64),
            Map.of("main.tex", "1".repeat(64), "ch/intro.tex", "2".repeat(64), "gone.png", "3"));

    RunRecord decoded = RunRecord.decode(record.encode());
    assertThat(decoded).isEqualTo(record);
    assertThat(
            decoded.changedFrom(
                Map.of(
                    "main.tex", "9".repeat(64),
                    "ch/intro.tex", "2".repeat(64),
                    "new.tex", "4".repeat(64))))
        .containsExactlyInAnyOrder("main.tex", "new.tex", "gone.png");
    assertThat(RunRecord.decode("quire-run-record-v0\nx")).isNull();
    assertThat(RunRecord.decode("quire-run-record-v1\na\ntrue\nnot a number\nsha")).isNull();
  }

  private static final Set<String> PROJECT =
      Set.of("main.tex", "chapters/One.TEX", "refs.bib", "fig.png");

  private record Change(boolean warm, Set<String> changed) {}

  private static Change sync(boolean fresh, int fetched, int deleted, Set<String> changed) {
    return new Change(!fresh, changed);
  }

  /** A fresh workspace without a restored run has no last run: latexmk decides. */
  private static boolean eligible(CompileOptions options, Change change, LastRun last) {
    return DirectRun.eligible(options, change.changed(), PROJECT, change.warm() ? last : null);
  }

  @Test
  void aFirstCompileMayTakeTheFastPathWhenLatexmkWouldRunTheEngineOnce() {
    assertThat(DirectRun.eligibleFirst(PDFLATEX, null)).isTrue();
    assertThat(
            DirectRun.eligibleFirst(
                new CompileOptions(Compiler.LUALATEX, "main.tex", false, true, 60), null))
        .isTrue();
    assertThat(
            DirectRun.eligibleFirst(PDFLATEX, new LastRun(DirectRun.signature(PDFLATEX), false, 0)))
        .as("the workspace belongs to a run")
        .isFalse();
    assertThat(
            DirectRun.eligibleFirst(
                new CompileOptions(Compiler.LATEX, "main.tex", false, false, 60), null))
        .as("latex needs dvipdfmx after it")
        .isFalse();
    assertThat(
            DirectRun.eligibleFirst(
                new CompileOptions(Compiler.PDFLATEX, "main.tex", true, false, 60), null))
        .as("draft")
        .isFalse();
  }

  @Test
  void theSeededAuxFileIsLatexmksAndNeverReplacesAnything() throws IOException {
    Path fresh = Files.createDirectory(root.resolve("fresh"));
    assertThat(DirectRun.seedAux(fresh, Set.of("main.tex"))).isTrue();
    assertThat(Files.readString(fresh.resolve("output.aux")))
        .isEqualTo("\\relax \n\\gdef \\@abspage@last{1}\n");
    assertThat(DirectRun.seedAux(fresh, Set.of("main.tex"))).as("already there").isFalse();

    Path uploaded = Files.createDirectory(root.resolve("uploaded"));
    Files.writeString(uploaded.resolve("output.aux"), "% the user's own");
    assertThat(DirectRun.seedAux(uploaded, Set.of("main.tex", "output.aux"))).isFalse();
    assertThat(Files.readString(uploaded.resolve("output.aux"))).isEqualTo("% the user's own");

    Path linked = Files.createDirectory(root.resolve("linked"));
    Path target = root.resolve("outside.txt");
    Files.writeString(target, "outside");
    Files.createSymbolicLink(linked.resolve("output.aux"), target);
    assertThat(DirectRun.seedAux(linked, Set.of("main.tex"))).as("a link left behind").isFalse();
    assertThat(Files.readString(target)).isEqualTo("outside");
  }
}
