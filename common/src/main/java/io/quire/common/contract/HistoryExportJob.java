package io.quire.common.contract;

import java.time.Instant;

/**
 * Ask history-worker to build the zip of one version of a project into the export store.
 *
 * @param exportId the export record (in {@code historyExports}) this job fills
 * @param version the version number to export
 */
public record HistoryExportJob(
    String jobId,
    String projectId,
    String requestedBy,
    Instant requestedAt,
    String exportId,
    long version)
    implements QuireMessage {
  public HistoryExportJob {
    Require.text(jobId, "jobId");
    Require.text(projectId, "projectId");
    Require.text(requestedBy, "requestedBy");
    Require.present(requestedAt, "requestedAt");
    Require.text(exportId, "exportId");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
  }
}
