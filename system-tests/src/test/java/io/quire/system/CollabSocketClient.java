package io.quire.system;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A collaboration socket as a script opens it (bearer token), keeping every message it receives so
 * a test can wait for one or check that one never came.
 */
final class CollabSocketClient implements WebSocket.Listener, AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebSocket socket;
  private final StringBuilder partial = new StringBuilder();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  CollabSocketClient(String baseUrl, String token) {
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/collab"), this)
            .join();
  }

  void send(Map<String, ?> message) {
    String json = JSON.writeValueAsString(message);
    synchronized (socket) {
      socket.sendText(json, true).join();
    }
  }

  /** Waits for the first message received (so far or later) that matches. */
  JsonNode awaitMessage(String what, Predicate<JsonNode> matches) {
    return await()
        .alias(what + "; received so far: " + received)
        .atMost(Duration.ofSeconds(90))
        .until(() -> find(matches), Optional::isPresent)
        .orElseThrow();
  }

  Optional<JsonNode> find(Predicate<JsonNode> matches) {
    return received.stream().filter(matches).findFirst();
  }

  /** The messages of a type received so far. */
  List<JsonNode> ofType(String type) {
    return received.stream().filter(m -> type.equals(m.path("type").asString())).toList();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      received.add(JSON.readTree(partial.toString()));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
  }
}
