package io.quire.common.contract;

import java.time.Instant;
import java.util.List;

/**
 * Ask a compile-worker to build a project. Idempotent by {@code jobId}.
 *
 * @param cacheKey hash of manifest, options and TeX image; equal keys give equal results
 * @param texImage the TeX Live image (Docker sandbox) or distribution label (bubblewrap)
 * @param manifest every file of the project with its content hash
 */
public record CompileJob(
    String jobId,
    String projectId,
    String requestedBy,
    Instant requestedAt,
    CompilePriority priority,
    String cacheKey,
    String texImage,
    CompileOptions options,
    List<ManifestEntry> manifest)
    implements QuireMessage {
  public CompileJob {
    Require.text(jobId, "jobId");
    Require.text(projectId, "projectId");
    Require.text(requestedBy, "requestedBy");
    Require.present(requestedAt, "requestedAt");
    Require.present(priority, "priority");
    Require.text(cacheKey, "cacheKey");
    Require.text(texImage, "texImage");
    Require.present(options, "options");
    manifest = List.copyOf(Require.present(manifest, "manifest"));
  }
}
