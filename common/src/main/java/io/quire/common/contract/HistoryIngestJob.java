package io.quire.common.contract;

import java.time.Instant;

/**
 * Ask history-worker to turn a project's new updates and tree changes into versions.
 *
 * @param treeVersion the project's tree version when the job was published (a lower bound)
 */
public record HistoryIngestJob(
    String jobId, String projectId, String requestedBy, Instant requestedAt, long treeVersion)
    implements QuireMessage {
  public HistoryIngestJob {
    Require.text(jobId, "jobId");
    Require.text(projectId, "projectId");
    Require.text(requestedBy, "requestedBy");
    Require.present(requestedAt, "requestedAt");
  }
}
