package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.contract.MessageCodec;
import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * What the cache decides for a compile, on a real workspace directory and the real local Redis
 * (formats are put in place by hand here; building them with TeX is covered by PreambleCacheIT).
 */
class PreambleCachePlanIT {
  private static final String PREAMBLE = "\\documentclass{article}\n\\usepackage{mystyle}\n";
  private static RedissonClient redis;

  @TempDir Path root;
  private Workspace workspace;
  private FormatStore store;
  private PreambleCache cache;
  private final String project = "p" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void connect() {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress(System.getenv().getOrDefault("QUIRE_REDIS_URL", "redis://127.0.0.1:6379"));
    redis = Redisson.create(config);
  }

  @AfterAll
  static void disconnect() {
    redis.shutdown();
  }

  @BeforeEach
  void setUp() throws IOException {
    Path sources = Files.createDirectories(root.resolve("src"));
    workspace = new Workspace(root, sources, false);
    Files.writeString(
        sources.resolve("main.tex"), PREAMBLE + "\\begin{document}\nBody\n\\end{document}\n");
    Files.writeString(sources.resolve("mystyle.sty"), "\\ProvidesPackage{mystyle}\n");
    MessageCodec codec = new MessageCodec();
    store =
        new FormatStore(
            redis,
            codec.mapper(),
            "test-" + UUID.randomUUID().toString().substring(0, 8),
            1 << 20,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    cache =
        new PreambleCache(
            store,
            new TexIdentity(),
            new FormatFiles(codec.mapper()),
            new PreambleCache.Settings(true, 2),
            new SimpleMeterRegistry(),
            "docker"); // docker: the TeX identity is the image name
  }

  private CompileJob job(Compiler compiler, boolean draft, String... extraPaths) {
    List<ManifestEntry> manifest =
        new java.util.ArrayList<>(
            List.of(
                new ManifestEntry("main.tex", "a".repeat(64), 1),
                new ManifestEntry("mystyle.sty", "b".repeat(64), 1)));
    for (String path : extraPaths) {
      manifest.add(new ManifestEntry(path, "c".repeat(64), 1));
    }
    return new CompileJob(
        UUID.randomUUID().toString(),
        project,
        "user-1",
        Instant.now(),
        CompilePriority.INTERACTIVE,
        "cache-key",
        "quire/texlive:2024",
        new CompileOptions(compiler, "main.tex", draft, false, 60),
        manifest);
  }

  private PreambleCache.Plan plan(CompileJob job) {
    return cache.plan(job, workspace);
  }

  @Test
  void aFormatIsBuiltAfterTheSecondCompileOfAPreambleAndUsedOnceInPlace() throws IOException {
    PreambleCache.Plan first = plan(job(Compiler.PDFLATEX, false));
    PreambleCache.Plan second = plan(job(Compiler.PDFLATEX, false));

    assertThat(first.uses()).isFalse();
    assertThat(first.build()).isFalse();
    assertThat(second.build()).isTrue();
    assertThat(second.key()).isEqualTo(first.key());

    installFormat(second.key(), Map.of("mystyle.sty", hash("mystyle.sty")));
    PreambleCache.Plan third = plan(job(Compiler.PDFLATEX, false));

    assertThat(third.uses()).isTrue();
    assertThat(third.latexmkOverride())
        .isEqualTo("-pdflatex=pdflatex %O -fmt=.quire-formats/" + third.key() + " %S");
  }

  @Test
  void aChangedLocalPackageOrAReplacedFormatFileIsNotUsed() throws IOException {
    String key = plan(job(Compiler.PDFLATEX, false)).key();
    installFormat(key, Map.of("mystyle.sty", hash("mystyle.sty")));
    assertThat(plan(job(Compiler.PDFLATEX, false)).uses()).isTrue();

    Files.writeString(workspace.sources().resolve("mystyle.sty"), "\\ProvidesPackage{mystyle}%\n");
    assertThat(plan(job(Compiler.PDFLATEX, false)).uses()).isFalse();

    Files.writeString(workspace.sources().resolve("mystyle.sty"), "\\ProvidesPackage{mystyle}\n");
    Path format = workspace.sources().resolve(".quire-formats/" + key + ".fmt");
    Files.delete(format);
    Files.createSymbolicLink(format, workspace.sources().resolve("main.tex"));
    assertThat(plan(job(Compiler.PDFLATEX, false)).uses()).isFalse();
  }

  @Test
  void aFreshWorkspaceTakesTheFormatFromRedis() throws IOException {
    String key = plan(job(Compiler.PDFLATEX, false)).key();
    FormatRecord record =
        new FormatRecord(key, Map.of("mystyle.sty", hash("mystyle.sty")), 5, Instant.now(), "w2");
    store.save(project, record, new byte[] {1, 2, 3, 4, 5});

    PreambleCache.Plan plan = plan(job(Compiler.PDFLATEX, false));

    assertThat(plan.uses()).isTrue();
    assertThat(workspace.sources().resolve(".quire-formats/" + key + ".fmt"))
        .hasBinaryContent(new byte[] {1, 2, 3, 4, 5});
    assertThat(workspace.root().resolve("format.json")).exists();
  }

  @Test
  void aNoFormatMarkHoldsWhileTheInputsItNamesAreUnchanged() throws IOException {
    String key = plan(job(Compiler.PDFLATEX, false)).key();
    store.markNoFormat(
        project, key, new NoFormat("dump failed", Map.of("mystyle.sty", hash("mystyle.sty"))));

    PreambleCache.Plan marked = plan(job(Compiler.PDFLATEX, false));
    assertThat(marked.build()).isFalse();
    assertThat(marked.reason()).contains("dump failed");

    Files.writeString(
        workspace.sources().resolve("mystyle.sty"), "\\ProvidesPackage{mystyle}% fixed\n");
    assertThat(plan(job(Compiler.PDFLATEX, false)).reason()).doesNotContain("dump failed");
  }

  @Test
  void enginesWithoutFormatsDraftsAndReservedPathsCompileThePlainWay() {
    assertThat(plan(job(Compiler.XELATEX, false)).key()).isNull();
    assertThat(plan(job(Compiler.LUALATEX, false)).key()).isNull();
    assertThat(plan(job(Compiler.PDFLATEX, true)).reason()).contains("draft");
    assertThat(plan(job(Compiler.PDFLATEX, false, ".quire-formats/x.fmt")).key()).isNull();
    assertThat(plan(job(Compiler.LATEX, false)).key()).isNotNull();
  }

  private void installFormat(String key, Map<String, String> inputs) throws IOException {
    Path dir = Files.createDirectories(workspace.sources().resolve(".quire-formats"));
    Files.write(dir.resolve(key + ".fmt"), new byte[] {9, 9, 9});
    Files.writeString(
        workspace.root().resolve("format.json"),
        new MessageCodec()
            .mapper()
            .writeValueAsString(new FormatRecord(key, inputs, 3, Instant.now(), "worker-1")));
  }

  private String hash(String path) throws IOException {
    return SafeFiles.hash(workspace.sources(), path).orElseThrow();
  }
}
