package io.quire.web.collab;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.web.account.QuireUser;
import io.quire.web.collab.CollabMessages.ClientMessage;
import io.quire.web.collab.CollabMessages.Rejected;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON messages of a collaboration socket and hands them to {@link DocRooms} (documents)
 * or {@link CompileNotices} (a project's compiles).
 */
@Component
class CollabSocketHandler extends TextWebSocketHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CollabSocketHandler.class);

  private final DocRooms rooms;
  private final CompileNotices compiles;
  private final JsonMapper json;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  CollabSocketHandler(
      DocRooms rooms, CompileNotices compiles, JsonMapper json, MeterRegistry meters) {
    this.rooms = rooms;
    this.compiles = compiles;
    this.json = json;
    Gauge.builder("quire.websocket.connections", connections, Map::size)
        .description("Collaboration sockets open on this web instance")
        .register(meters);
  }

  /** The sockets open on this instance. */
  Collection<Connection> open() {
    return List.copyOf(connections.values());
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    Map<String, Object> attributes = session.getAttributes();
    QuireUser user = (QuireUser) attributes.get(CollabHandshakeInterceptor.USER);
    connections.put(
        session.getId(),
        new Connection(
            session,
            user,
            (String) attributes.get(CollabHandshakeInterceptor.PROJECT),
            (String) attributes.get(CollabHandshakeInterceptor.SESSION),
            json));
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage text) {
    Connection connection = connections.get(session.getId());
    if (connection == null) {
      return;
    }
    ClientMessage message;
    try {
      message = json.readValue(text.getPayload(), ClientMessage.class);
    } catch (JacksonException e) {
      connection.send(new Rejected("rejected", null, null, "invalid", "Unreadable message.", null));
      return;
    }
    String type = message.type() == null ? "" : message.type();
    switch (type) {
      case "join" -> {
        if (rooms.join(connection, message)) {
          compiles.follow(connection, message.projectId());
        }
      }
      case "pull" -> rooms.pull(connection, message);
      case "push" -> rooms.push(connection, message);
      case "presence" -> rooms.presence(connection, message);
      case "leave" -> rooms.leave(connection, message.docId());
      case "watch" -> compiles.watch(connection, message);
      case "unwatch" -> compiles.unwatch(connection, message.projectId());
      case "ping" -> connection.send(Map.of("type", "pong"));
      default ->
          connection.send(
              new Rejected(
                  "rejected",
                  message.requestId(),
                  message.docId(),
                  "invalid",
                  "Unknown message type '" + type + "'.",
                  null));
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    LOG.debug("Collaboration socket {} failed: {}", session.getId(), exception.toString());
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    Connection connection = connections.remove(session.getId());
    if (connection != null) {
      rooms.closed(connection);
      compiles.closed(connection);
    }
  }
}
