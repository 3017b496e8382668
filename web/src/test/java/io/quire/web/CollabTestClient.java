package io.quire.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small editor speaking the collaboration protocol, as another program would: it keeps the
 * confirmed text and version, has at most one edit of its own in flight, and when the server says
 * "pull and rebase" it pulls, maps its edit through the others' changes and sends it again.
 */
final class CollabTestClient implements WebSocket.Listener {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** An edit of this client not yet confirmed: replace [from, to) by insert. */
  private record Pending(int from, int to, String insert, String marker) {}

  final String clientId = "c-" + UUID.randomUUID().toString().substring(0, 8);
  private final String projectId;
  private final String docId;
  private final WebSocket socket;
  private final StringBuilder partial = new StringBuilder();
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final List<String> ackedMarkers = new CopyOnWriteArrayList<>();
  private final CompletableFuture<JsonNode> joined = new CompletableFuture<>();

  private String text;
  private long version = -1;
  private Pending pending;
  private boolean inFlight;
  private int acked;

  private CollabTestClient(String baseUrl, String token, String projectId, String docId) {
    this.projectId = projectId;
    this.docId = docId;
    String ws = baseUrl.replaceFirst("^http", "ws") + "/ws/collab";
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(ws), this)
            .join();
  }

  /** Connects with a bearer token and joins the document. */
  static CollabTestClient join(String baseUrl, String token, String projectId, String docId) {
    CollabTestClient client = new CollabTestClient(baseUrl, token, projectId, docId);
    client.send(Map.of("type", "join", "projectId", projectId, "docId", docId));
    try {
      client.joined.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("join failed: " + client.received, e);
    }
    return client;
  }

  synchronized String text() {
    return text;
  }

  synchronized long version() {
    return version;
  }

  synchronized int acked() {
    return acked;
  }

  synchronized boolean idle() {
    return pending == null;
  }

  /** Starts a random edit when none is in flight: an insertion of a unique marker or a deletion. */
  synchronized boolean editRandomly(Random random, int serial, boolean allowDeletes) {
    if (pending != null) {
      return false;
    }
    int length = text.length();
    if (allowDeletes && length > 20 && random.nextInt(4) == 0) {
      int from = random.nextInt(length - 5);
      pending = new Pending(from, from + 1 + random.nextInt(4), "", null);
    } else {
      String marker = "<" + clientId + ":" + serial + ">";
      int at = outsideMarkers(text, random.nextInt(length + 1));
      String insert = random.nextInt(3) == 0 ? marker + "\n" : marker;
      pending = new Pending(at, at, insert, marker);
    }
    sendPending();
    return true;
  }

  /** Inserts text at a position, rebased like any edit of this client until it is confirmed. */
  synchronized boolean insert(int at, String insert) {
    if (pending != null) {
      return false;
    }
    pending = new Pending(at, at, insert, insert);
    sendPending();
    return true;
  }

  /** Sends a push based on a version of one's choosing, e.g. a stale one. */
  void pushRaw(long baseVersion, List<Object> changes) {
    send(
        Map.of(
            "type",
            "push",
            "requestId",
            "raw-" + UUID.randomUUID(),
            "docId",
            docId,
            "version",
            baseVersion,
            "updates",
            List.of(Map.of("clientID", clientId, "changes", changes))));
  }

  void pull() {
    long from;
    synchronized (this) {
      from = version;
    }
    send(Map.of("type", "pull", "docId", docId, "version", from));
  }

  void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
  }

  private void sendPending() {
    if (pending == null || inFlight) {
      return;
    }
    List<Object> changes = new ArrayList<>();
    if (pending.from() > 0) {
      changes.add(pending.from());
    }
    List<Object> replace = new ArrayList<>();
    replace.add(pending.to() - pending.from());
    if (!pending.insert().isEmpty()) {
      replace.addAll(List.of(pending.insert().split("\n", -1)));
    }
    changes.add(replace);
    if (text.length() > pending.to()) {
      changes.add(text.length() - pending.to());
    }
    inFlight = true;
    send(
        Map.of(
            "type",
            "push",
            "docId",
            docId,
            "version",
            version,
            "updates",
            List.of(Map.of("clientID", clientId, "changes", changes))));
  }

  private synchronized void handle(JsonNode message) {
    received.add(message);
    switch (message.path("type").asString()) {
      case "joined" -> {
        text = message.get("text").asString();
        version = message.get("version").asLong();
        joined.complete(message);
      }
      case "updates" -> {
        for (JsonNode update : message.get("updates")) {
          long v = update.get("version").asLong();
          if (v <= version) {
            continue;
          }
          if (v != version + 1) {
            send(Map.of("type", "pull", "docId", docId, "version", version));
            break;
          }
          List<Object> changes = JSON.convertValue(update.get("changes"), List.class);
          boolean own = clientId.equals(update.get("clientID").asString()) && pending != null;
          if (own) {
            if (pending.marker() != null) {
              ackedMarkers.add(pending.marker());
            }
            acked++;
            pending = null;
            inFlight = false;
          } else if (pending != null) {
            int from = mapPos(changes, pending.from(), 1);
            int to = pending.from() == pending.to() ? from : mapPos(changes, pending.to(), -1);
            pending = new Pending(from, Math.max(from, to), pending.insert(), pending.marker());
          }
          text = apply(text, changes);
          version = v;
        }
        sendPending();
      }
      case "rejected" -> {
        if (!"rebase".equals(message.path("reason").asString())) {
          break;
        }
        inFlight = false;
        send(Map.of("type", "pull", "docId", docId, "version", version));
      }
      default -> {}
    }
  }

  /** The first position from {@code at} on that is not inside another client's marker. */
  private static int outsideMarkers(String text, int at) {
    int open = text.lastIndexOf('<', at - 1);
    if (open < 0 || text.lastIndexOf('>', at - 1) > open) {
      return at;
    }
    int close = text.indexOf('>', at);
    return close < 0 ? text.length() : close + 1;
  }

  static String apply(String text, List<Object> changes) {
    StringBuilder out = new StringBuilder();
    int pos = 0;
    for (Object part : changes) {
      if (part instanceof Number n) {
        out.append(text, pos, pos + n.intValue());
        pos += n.intValue();
      } else {
        List<?> replace = (List<?>) part;
        for (int i = 1; i < replace.size(); i++) {
          out.append(i > 1 ? "\n" : "").append((String) replace.get(i));
        }
        pos += ((Number) replace.get(0)).intValue();
      }
    }
    if (pos != text.length()) {
      throw new IllegalStateException("changes do not fit: " + pos + " vs " + text.length());
    }
    return out.toString();
  }

  /** Where a position of the old text lands in the new one; assoc picks a side of insertions. */
  static int mapPos(List<Object> changes, int pos, int assoc) {
    int a = 0;
    int b = 0;
    for (Object part : changes) {
      if (part instanceof Number n) {
        int len = n.intValue();
        if (pos < a + len) {
          return b + (pos - a);
        }
        a += len;
        b += len;
      } else {
        List<?> replace = (List<?>) part;
        int deleted = ((Number) replace.get(0)).intValue();
        int inserted = replace.size() - 2;
        for (int i = 1; i < replace.size(); i++) {
          inserted += ((String) replace.get(i)).length();
        }
        inserted = Math.max(0, inserted);
        if (deleted == 0 && pos == a && assoc < 0) {
          return b;
        }
        if (deleted > 0 && pos < a + deleted) {
          return assoc < 0 ? b : b + inserted;
        }
        a += deleted;
        b += inserted;
      }
    }
    return b + (pos - a);
  }

  private void send(Object message) {
    String json = JSON.writeValueAsString(message);
    synchronized (socket) {
      socket.sendText(json, true).join();
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String whole = partial.toString();
      partial.setLength(0);
      handle(JSON.readTree(whole));
    }
    webSocket.request(1);
    return null;
  }
}
