package io.quire.common.contract;

import java.time.Instant;
import java.util.List;

/**
 * The stored outcome of a compile: kept under its job id and its cache key.
 *
 * @param buildId the id under which the output files are stored
 * @param workerId the worker instance that ran it
 * @param preambleCached whether a cached preamble format was used
 */
public record CompileResult(
    CompileStatus status,
    String buildId,
    String cacheKey,
    List<OutputFile> outputFiles,
    List<LogEntry> errors,
    List<LogEntry> warnings,
    CompileTimings timings,
    String workerId,
    boolean preambleCached,
    Instant completedAt) {
  public CompileResult {
    Require.present(status, "status");
    outputFiles = outputFiles == null ? List.of() : List.copyOf(outputFiles);
    errors = errors == null ? List.of() : List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
