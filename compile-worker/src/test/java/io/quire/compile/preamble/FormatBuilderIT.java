package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.MessageCodec;
import io.quire.compile.Jobs;
import io.quire.compile.LocalRedis;
import io.quire.compile.sandbox.SandboxLimits;
import io.quire.compile.sandbox.UnsafeLocalRunner;
import io.quire.compile.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps of real preambles with the host's pdfTeX and mylatexformat (run without isolation: the
 * sandbox is not what is tested here), judged and probed, with formats shared through the real
 * local Redis.
 */
class FormatBuilderIT {
  static final Map<String, String> TEX_ENV =
      Map.of(
          "PATH", "/usr/bin:/bin",
          "HOME", "/tmp",
          "LANG", "C.UTF-8",
          "openin_any", "p",
          "openout_any", "p");
  static final FormatBuilder.SandboxSpec SPEC =
      new FormatBuilder.SandboxSpec(
          TEX_ENV, SandboxLimits.defaults(), Duration.ofSeconds(60), "quire/texlive:2024");

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  @TempDir Path root;
  private Workspace workspace;
  private FormatStore store;
  private FormatBuilder builder;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final FormatFiles files = new FormatFiles(new MessageCodec().mapper());
  private final String project = "p" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void setUp() throws Exception {
    workspace = new Workspace(root, Files.createDirectories(root.resolve("src")), false);
    store =
        new FormatStore(
            REDIS.client(),
            new MessageCodec().mapper(),
            LocalRedis.namespace(),
            64L << 20,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    builder =
        new FormatBuilder(
            store, files, new UnsafeLocalRunner(), meters, "worker-1", Clock.systemUTC());
  }

  @Test
  void aPlainPreambleIsDumpedPlacedAndSharedKnownByThePackagesItRead() throws Exception {
    write("mystyle.sty", "\\ProvidesPackage{mystyle}\n\\newcommand\\hello{Hello}\n");
    write(
        "main.tex",
        "\\documentclass{article}\n\\usepackage{mystyle}\n\\begin{document}\n\\hello\n"
            + "\\end{document}\n");

    builder.build(job(), workspace, plan("k1"), SPEC);

    assertThat(workspace.sources().resolve(".quire-formats/k1.fmt")).isNotEmptyFile();
    assertThat(workspace.sources().resolve(".quire-formats/build")).isEmptyDirectory();
    FormatRecord record = files.localRecord(workspace).orElseThrow();
    assertThat(record.key()).isEqualTo("k1");
    assertThat(record.builtBy()).isEqualTo("worker-1");
    assertThat(record.inputs()).containsOnlyKeys("mystyle.sty");
    assertThat(store.record(project)).contains(record);
    assertThat(store.format(project).orElseThrow()).hasSize((int) record.size());
    assertThat(count("built")).isEqualTo(1);
  }

  @Test
  void aPreambleThatWritesIntoThePdfFailsTheProbeAndIsMarkedNoFormat() throws Exception {
    write(
        "main.tex",
        "\\documentclass{article}\n\\pdfcatalog{/PageMode /UseOutlines}\n\\begin{document}\n"
            + "Body\n\\end{document}\n");

    builder.build(job(), workspace, plan("k2"), SPEC);

    assertThat(workspace.sources().resolve(".quire-formats/k2.fmt")).doesNotExist();
    assertThat(store.noFormat(project, "k2").orElseThrow().reason())
        .contains("the format's PDF differs from the plain preamble's");
    assertThat(count("build-failed")).isEqualTo(1);
  }

  @Test
  void aPreambleThatSetsUpAnIndexIsMarkedNoFormatWithoutAProbe() throws Exception {
    write(
        "main.tex",
        "\\documentclass{article}\n\\usepackage{makeidx}\n\\makeindex\n\\begin{document}\n"
            + "Body\\index{body}\n\\printindex\n\\end{document}\n");

    builder.build(job(), workspace, plan("k3"), SPEC);

    assertThat(store.noFormat(project, "k3").orElseThrow().reason()).contains("index or glossary");
    assertThat(workspace.sources().resolve(".quire-formats/build/probe-format")).doesNotExist();
  }

  @Test
  void aBrokenPreambleIsMarkedNoFormatWithItsError() throws Exception {
    write("main.tex", "\\documentclass{article}\n\\usepackage{nosuchpackage}\n\\begin{document}\n");

    builder.build(job(), workspace, plan("k4"), SPEC);

    assertThat(store.noFormat(project, "k4").orElseThrow().reason())
        .startsWith("the dump failed: ")
        .contains("nosuchpackage");
    assertThat(files.localRecord(workspace)).isEmpty();
  }

  private PreambleCache.Plan plan(String key) {
    return new PreambleCache.Plan(
        PreambleCache.engine(Compiler.PDFLATEX).orElseThrow(), key, null, true, "no format yet");
  }

  private CompileJob job() {
    return Jobs.mainTex(project);
  }

  private void write(String path, String content) throws Exception {
    Files.writeString(workspace.sources().resolve(path), content);
  }

  private double count(String outcome) {
    Counter counter = meters.find("quire.compile.preamble").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
