package io.quire.common.contract;

import java.time.Instant;

/** Published on {@code quire.events} as {@code compile.completed.<projectId>} once stored. */
public record CompileCompletedEvent(
    String jobId, String projectId, String requestedBy, Instant requestedAt, CompileResult result)
    implements QuireMessage {
  public CompileCompletedEvent {
    Require.text(jobId, "jobId");
    Require.text(projectId, "projectId");
    Require.text(requestedBy, "requestedBy");
    Require.present(requestedAt, "requestedAt");
    Require.present(result, "result");
  }
}
