package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.MessageCodec;
import io.quire.compile.Jobs;
import io.quire.compile.LocalRedis;
import io.quire.compile.preamble.FormatFiles;
import io.quire.compile.preamble.FormatRecord;
import io.quire.compile.preamble.FormatStore;
import io.quire.compile.preamble.PreambleCache;
import io.quire.compile.preamble.TexIdentity;
import io.quire.compile.sandbox.UnsafeLocalRunner;
import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attempts of a compile with the host's TeX Live (run without isolation) and the preamble
 * cache's marks in the real local Redis: a format that breaks a compile gives way to the plain
 * compile, which decides.
 */
class CompileAttemptsIT {
  private static final String DOCUMENT =
      "\\documentclass{article}\n\\begin{document}\nHello.\n\\end{document}\n";
  private static final Set<String> FILES = Set.of("main.tex");

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  @TempDir Path root;

  private final String project = "p" + UUID.randomUUID().toString().substring(0, 8);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final CompileMetrics metrics = new CompileMetrics(meters);
  private final WorkspaceQuota quota = new WorkspaceQuota(1L << 30, 20_000, Duration.ofMillis(250));
  private FormatStore formats;
  private CompileAttempts attempts;
  private Workspace workspace;

  @BeforeEach
  void setUp() throws IOException {
    MessageCodec codec = new MessageCodec();
    formats =
        new FormatStore(
            REDIS.client(),
            codec.mapper(),
            LocalRedis.namespace(),
            1 << 20,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    PreambleCache cache =
        new PreambleCache(
            formats,
            new TexIdentity(),
            new FormatFiles(codec.mapper()),
            new PreambleCache.Settings(true, 2),
            meters,
            "unsafe");
    CompileRunner runner =
        new CompileRunner(
            new UnsafeLocalRunner(),
            new RunningCompiles(),
            quota,
            new CompileLimits(Duration.ofSeconds(60), 1L << 30, 64, 256L << 20, 2L << 20, 1.0),
            metrics,
            true);
    attempts =
        new CompileAttempts(
            runner,
            new CompileOutcomes(List.of(Jobs.IMAGE), 64L << 20, 1L << 30, 20_000, "w"),
            cache,
            metrics);
    workspace = new Workspace(root, Files.createDirectories(root.resolve("src")), true);
  }

  @AfterEach
  void closeQuota() {
    quota.close();
  }

  @Test
  void withoutAFormatTheCompileRunsOnceThePlainWay() throws Exception {
    write(DOCUMENT);

    CompileAttempts.Compiled compiled =
        attempts.compile(
            CompileRunnerIT.prepared(Jobs.mainTex(project), workspace, () -> false),
            new PreambleCache.Plan(null, null, null, false, "off"));

    assertThat(compiled.outcome().status()).isEqualTo(CompileStatus.SUCCESS);
    assertThat(compiled.preambleCached()).isFalse();
    assertThat(compiled.fallback()).isFalse();
  }

  @Test
  void aFormatThatBreaksTheCompileIsDroppedAndThePlainResultShown() throws Exception {
    write(DOCUMENT);
    PreambleCache.Plan plan = brokenFormat("k1");

    CompileAttempts.Compiled compiled =
        attempts.compile(
            CompileRunnerIT.prepared(Jobs.mainTex(project), workspace, () -> false), plan);

    assertThat(compiled.outcome().status()).isEqualTo(CompileStatus.SUCCESS);
    assertThat(compiled.outcome().outputs().files()).containsKey("output.pdf");
    assertThat(compiled.preambleCached()).isFalse();
    assertThat(compiled.fallback()).isTrue();
    assertThat(formats.noFormat(project, "k1"))
        .get()
        .extracting(m -> m.inputs())
        .isEqualTo(Map.of("main.tex", "a".repeat(64)));
  }

  @Test
  void aDocumentThatFailsBothWaysKeepsItsFormat() throws Exception {
    write("\\documentclass{article}\n\\begin{document}\n\\undefinedmacro\n\\end{document}\n");
    PreambleCache.Plan plan = brokenFormat("k2");

    CompileAttempts.Compiled compiled =
        attempts.compile(
            CompileRunnerIT.prepared(Jobs.mainTex(project), workspace, () -> false), plan);

    assertThat(compiled.outcome().status()).isEqualTo(CompileStatus.FAILURE);
    assertThat(compiled.outcome().log().errors())
        .anyMatch(e -> e.message().contains("Undefined control sequence"));
    assertThat(compiled.fallback()).isTrue();
    assertThat(formats.noFormat(project, "k2")).isEmpty();
  }

  @Test
  void aCancelledCompileIsNotTriedAgainThePlainWay() throws Exception {
    write(DOCUMENT);
    PreambleCache.Plan plan = brokenFormat("k3");
    boolean[] cancelled = {false};

    CompileAttempts.Compiled compiled =
        attempts.compile(
            CompileRunnerIT.prepared(
                Jobs.mainTex(project),
                workspace,
                () -> {
                  // cancelled once the first attempt has started
                  boolean was = cancelled[0];
                  cancelled[0] = true;
                  return was;
                }),
            plan);

    assertThat(compiled.outcome().status()).isEqualTo(CompileStatus.FAILURE);
    assertThat(compiled.preambleCached()).isTrue();
    assertThat(compiled.fallback()).isFalse();
    assertThat(formats.noFormat(project, "k3")).isEmpty();
  }

  /** A plan whose format file is there but is no format: loading it fails the compile. */
  private PreambleCache.Plan brokenFormat(String key) throws IOException {
    Path dir = Files.createDirectories(workspace.sources().resolve(FormatFiles.DIR));
    Files.write(dir.resolve(key + ".fmt"), new byte[] {1, 2, 3});
    FormatRecord record =
        new FormatRecord(key, Map.of("main.tex", "a".repeat(64)), 3, Instant.now(), "w");
    return new PreambleCache.Plan(
        PreambleCache.engine(Compiler.PDFLATEX).orElseThrow(), key, record, false, null);
  }

  private void write(String main) throws IOException {
    Files.writeString(workspace.sources().resolve("main.tex"), main);
  }
}
