package io.quire.web.collab;

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
  private final JsonMapper json;
  private final Map<String, String> joined = new ConcurrentHashMap<>();
  private final Set<String> following = ConcurrentHashMap.newKeySet();

  Connection(WebSocketSession session, QuireUser user, JsonMapper json) {
    this.session =
        new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
    this.user = user;
    this.json = json;
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
