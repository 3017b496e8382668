package io.quire.web.compile;

import io.quire.common.compile.CompileJobState;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.CompileTimings;
import io.quire.common.contract.LogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the API answers about a compile, queued, running or done.
 *
 * @param elapsedMs while queued, how long it has waited; while running, how long it has run; {@code
 *     null} when finished (see {@code timings})
 */
public record CompileView(
    String jobId,
    String status,
    String buildId,
    boolean cached,
    Integer queuePosition,
    Long elapsedMs,
    List<OutputLink> outputFiles,
    List<LogEntry> errors,
    List<LogEntry> warnings,
    CompileTimings timings,
    boolean preambleCached,
    String supersededBy) {

  /** An output file with the URL that serves it. */
  public record OutputLink(String name, long size, String contentType, String url) {}

  static CompileView of(
      String projectId, CompileJobState state, boolean cached, Integer queuePosition, Instant now) {
    CompileResult result = state.result();
    if (result == null) {
      if (state.cancelled() && state.status() == CompileStatus.QUEUED) {
        // stopped before it ran: it never will, whenever a worker gets to its message
        return new CompileView(
            state.jobId(),
            CompileStatus.TERMINATED.wireName(),
            null,
            cached,
            null,
            null,
            List.of(),
            List.of(),
            List.of(),
            null,
            false,
            state.supersededBy());
      }
      Instant since = state.status() == CompileStatus.RUNNING ? state.startedAt() : null;
      if (since == null) {
        since = state.enqueuedAt();
      }
      return new CompileView(
          state.jobId(),
          state.status().wireName(),
          null,
          cached,
          queuePosition,
          since == null ? null : Math.max(0, Duration.between(since, now).toMillis()),
          List.of(),
          List.of(),
          List.of(),
          null,
          false,
          state.supersededBy());
    }
    return finished(projectId, state.jobId(), result, cached, state.supersededBy());
  }

  static CompileView finished(
      String projectId, String jobId, CompileResult result, boolean cached, String supersededBy) {
    List<OutputLink> links =
        result.outputFiles().stream()
            .map(
                f ->
                    new OutputLink(
                        f.name(),
                        f.size(),
                        f.contentType(),
                        "/api/projects/"
                            + projectId
                            + "/builds/"
                            + result.buildId()
                            + "/"
                            + f.name()))
            .toList();
    return new CompileView(
        jobId,
        result.status().wireName(),
        result.buildId(),
        cached,
        null,
        null,
        links,
        result.errors(),
        result.warnings(),
        result.timings(),
        result.preambleCached(),
        supersededBy);
  }
}
