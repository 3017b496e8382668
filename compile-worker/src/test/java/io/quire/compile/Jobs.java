package io.quire.compile;

import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.ManifestEntry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Compile jobs as web sends them, for the tests. */
public final class Jobs {
  public static final String IMAGE = "quire/texlive:2024";

  private Jobs() {}

  /** A pdflatex job of a project whose one file is {@code main.tex}. */
  public static CompileJob mainTex(String projectId) {
    return job(
        projectId,
        pdflatex("main.tex", 60),
        List.of(new ManifestEntry("main.tex", "a".repeat(64), 10)));
  }

  public static CompileJob job(
      String projectId, CompileOptions options, List<ManifestEntry> manifest) {
    return job(projectId, options, manifest, CompilePriority.INTERACTIVE);
  }

  public static CompileJob job(
      String projectId,
      CompileOptions options,
      List<ManifestEntry> manifest,
      CompilePriority priority) {
    return new CompileJob(
        UUID.randomUUID().toString(),
        projectId,
        "user-1",
        Instant.now(),
        priority,
        "cache-" + UUID.randomUUID(),
        IMAGE,
        options,
        manifest);
  }

  public static CompileOptions pdflatex(String root, int timeoutSeconds) {
    return new CompileOptions(Compiler.PDFLATEX, root, false, false, timeoutSeconds);
  }
}
