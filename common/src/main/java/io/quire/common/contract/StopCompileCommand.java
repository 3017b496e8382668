package io.quire.common.contract;

import java.time.Instant;

/**
 * Broadcast to every compile-worker: stop the running compile of a project.
 *
 * @param jobId id of this stop request
 * @param targetJobId the compile to stop, or null for whichever compile of the project is running
 */
public record StopCompileCommand(
    String jobId, String projectId, String requestedBy, Instant requestedAt, String targetJobId)
    implements QuireMessage {
  public StopCompileCommand {
    Require.text(jobId, "jobId");
    Require.text(projectId, "projectId");
    Require.text(requestedBy, "requestedBy");
    Require.present(requestedAt, "requestedAt");
  }
}
