package io.quire.compile.job;

import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.ManifestEntry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Compile jobs as web sends them, for the tests of this package. */
final class Jobs {
  static final String IMAGE = "quire/texlive:2024";

  private Jobs() {}

  static CompileJob job(String projectId, CompileOptions options, List<ManifestEntry> manifest) {
    return job(projectId, options, manifest, CompilePriority.INTERACTIVE);
  }

  static CompileJob job(
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

  static CompileOptions pdflatex(String root, int timeoutSeconds) {
    return new CompileOptions(Compiler.PDFLATEX, root, false, false, timeoutSeconds);
  }
}
