package io.quire.common.contract;

import java.time.Instant;
import java.util.List;

/**
 * Published on {@code quire.events} as {@code project.changed.<projectId>}.
 *
 * @param change what happened: {@code tree}, {@code doc}, {@code settings}, {@code deleted}, {@code
 *     git-push}, {@code restore}
 * @param treeVersion the project's tree version after the change
 * @param paths the paths affected, when known
 */
public record ProjectChangedEvent(
    String jobId,
    String projectId,
    String requestedBy,
    Instant requestedAt,
    String change,
    long treeVersion,
    List<String> paths)
    implements QuireMessage {
  public ProjectChangedEvent {
    Require.text(jobId, "jobId");
    Require.text(projectId, "projectId");
    Require.text(requestedBy, "requestedBy");
    Require.present(requestedAt, "requestedAt");
    Require.text(change, "change");
    paths = paths == null ? List.of() : List.copyOf(paths);
  }
}
