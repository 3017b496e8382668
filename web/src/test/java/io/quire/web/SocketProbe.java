package io.quire.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A collaboration socket opened with whatever credentials a test gives it (headers, a ticket in the
 * URL), recording every message and how the server closed it.
 */
final class SocketProbe implements WebSocket.Listener {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private SocketProbe() {}

  /** Opens {@code /ws/collab} plus {@code query}; throws when the handshake is refused. */
  static SocketProbe open(String baseUrl, String query, Map<String, String> headers) {
    SocketProbe probe = new SocketProbe();
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    probe.socket =
        builder
            .buildAsync(
                URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/collab" + query), probe)
            .join();
    return probe;
  }

  void send(Map<String, Object> message) {
    synchronized (this) {
      socket.sendText(JSON.writeValueAsString(message), true).join();
    }
  }

  /** The first message of the type, waiting up to 10 seconds for it. */
  JsonNode await(String type) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                received.stream()
                    .filter(m -> m.path("type").asString().equals(type))
                    .findFirst()
                    .orElse(null),
            m -> m != null);
  }

  /** The close code the server sent, waiting up to 10 seconds for it. */
  int awaitClosed() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> closed.getNow(null), c -> c != null);
  }

  void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String whole = partial.toString();
      partial.setLength(0);
      received.add(JSON.readTree(whole));
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }
}
