package io.quire.web.collab;

import io.quire.common.project.Access;
import io.quire.web.account.QuireUser;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open socket: its user, the documents it joined (with the project each belongs to), the
 * projects whose compiles it follows, and sends that many threads may call at once without
 * interleaving frames.
 */
final class Connection {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final int SEND_TIME_LIMIT_MS = 10_000;
  private static final int BUFFER_LIMIT_BYTES = 16 * 1024 * 1024;

  private final WebSocketSession session;
  private final QuireUser user;
  private final String ticketProjectId;
  private final String httpSessionId;
  private final JsonMapper json;
  private final Map<String, String> joined = new ConcurrentHashMap<>();
  private final Set<String> following = ConcurrentHashMap.newKeySet();
  private final Map<String, Access> told = new ConcurrentHashMap<>();
  private volatile long sessionEpoch;

  /**
   * @param ticketProjectId the only project this socket may use, when it was opened with a ticket
   * @param httpSessionId the browser session it belongs to, if any (it outlives a password change
   *     made in that session; every other socket of the user is closed then)
   */
  Connection(
      WebSocketSession session,
      QuireUser user,
      String ticketProjectId,
      String httpSessionId,
      JsonMapper json) {
    this.session =
        new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
    this.user = user;
    this.ticketProjectId = ticketProjectId;
    this.httpSessionId = httpSessionId;
    this.json = json;
    this.sessionEpoch = user.sessionEpoch();
  }

  /** The account's session epoch this socket holds: its user's, or a later one it was told of. */
  long sessionEpoch() {
    return sessionEpoch;
  }

  void sessionEpoch(long epoch) {
    this.sessionEpoch = epoch;
  }

  /** Whether this socket may use the project (a ticket's socket only its own). */
  boolean mayUse(String projectId) {
    return ticketProjectId == null || ticketProjectId.equals(projectId);
  }

  String httpSessionId() {
    return httpSessionId;
  }

  String id() {
    return session.getId();
  }

  QuireUser user() {
    return user;
  }

  /** The docs this socket joined, by id, with their project ids. */
  Map<String, String> joined() {
    return joined;
  }

  /** The projects whose compiles this socket hears of. */
  Set<String> following() {
    return following;
  }

  /** The access to each project this socket was last told of (on joining, or since). */
  Map<String, Access> told() {
    return told;
  }

  /** The projects this socket uses: of its joined documents and the ones it follows. */
  Set<String> projects() {
    Set<String> projects = new java.util.HashSet<>(joined.values());
    projects.addAll(following);
    return projects;
  }

  void send(Object message) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.sendMessage(new TextMessage(json.writeValueAsString(message)));
    } catch (IOException | IllegalStateException e) {
      // a slow or broken client: it resyncs by pulling when it reconnects
      LOG.debug("Closing collaboration socket {}: {}", id(), e.toString());
      close(CloseStatus.SESSION_NOT_RELIABLE);
    }
  }

  void close(CloseStatus status) {
    try {
      session.close(status);
    } catch (IOException e) {
      LOG.debug("Could not close collaboration socket {}: {}", id(), e.toString());
    }
  }
}
