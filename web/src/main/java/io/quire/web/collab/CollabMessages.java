package io.quire.web.collab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quire.common.collab.DocUpdate;
import java.util.List;

/** The JSON messages of the collaboration socket and of the Redis bus between web instances. */
final class CollabMessages {
  private CollabMessages() {}

  /** Anything a client sends; which fields matter depends on {@code type}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ClientMessage(
      String type,
      String requestId,
      String projectId,
      String docId,
      Long version,
      List<PushedUpdate> updates,
      Integer anchor,
      Integer head) {}

  /** One update as a client pushes it: {@code changes} in {@code ChangeSet.toJSON()} form. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PushedUpdate(String clientID, Object changes) {}

  /** One accepted update as clients receive it. */
  record WireUpdate(long version, String clientID, List<Object> changes, String userId) {
    static WireUpdate of(DocUpdate update) {
      return new WireUpdate(
          update.version(), update.clientId(), update.changes().toJson(), update.userId());
    }
  }

  record Joined(
      String type,
      String requestId,
      String projectId,
      String docId,
      long version,
      String text,
      String access,
      String connectionId,
      List<Presence> presence) {}

  record Updates(String type, String requestId, String docId, List<WireUpdate> updates) {}

  record Pushed(String type, String requestId, String docId, int accepted, long version) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Rejected(
      String type, String requestId, String docId, String reason, String message, Long version) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Presence(
      String type,
      String docId,
      String connectionId,
      String userId,
      String name,
      String colour,
      int anchor,
      int head) {}

  record PresenceLeft(String type, String docId, String connectionId) {}

  /** The answer to {@code watch}: the socket now hears of the project's compiles. */
  record Watching(String type, String requestId, String projectId) {}

  /**
   * A compile of a followed project ended, whoever asked for it; its result (errors, output files)
   * is at {@code GET /api/projects/{projectId}/compile/{jobId}}.
   *
   * @param status the result's status: success, failure, timedout, terminated, too-large, error
   * @param buildId where its output files are, {@code null} when it made none
   * @param requestedBy the id of the user who asked for the compile
   * @param requestedByName that user's name, {@code null} when the account is gone
   */
  record CompileCompleted(
      String type,
      String jobId,
      String projectId,
      String status,
      String buildId,
      String requestedBy,
      String requestedByName) {}

  /**
   * What one web instance tells the others: accepted updates, a cursor, a departure, or a chat
   * message.
   *
   * @param origin the instance that published it (which ignores it)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BusMessage(
      String origin,
      String docId,
      List<WireUpdate> updates,
      Presence presence,
      String left,
      ChatNotice chat) {
    BusMessage(
        String origin, String docId, List<WireUpdate> updates, Presence presence, String left) {
      this(origin, docId, updates, presence, left, null);
    }
  }
}
