package io.quire.common.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/** Ask git-worker to bring a project's repository up to date, or to remove it. */
public record GitSyncJob(
    String jobId, String projectId, String requestedBy, Instant requestedAt, Action action)
    implements QuireMessage {

  /** What to do with the repository. */
  public enum Action {
    SYNC,
    DELETE;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Action fromWire(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  public GitSyncJob {
    Require.text(jobId, "jobId");
    Require.text(projectId, "projectId");
    Require.text(requestedBy, "requestedBy");
    Require.present(requestedAt, "requestedAt");
    Require.present(action, "action");
  }
}
