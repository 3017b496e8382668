package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./quire bench collab}: real-time collaboration against one web instance over loopback.
 * Prints edit propagation (push sent by one editor to the update arriving at the others) with 20
 * editors on one document, accepted updates per second when editors push as fast as they are
 * acknowledged, and how many editors (each typing an update every 2 s, five to a document) one
 * instance carries while the p99 of an accepted update stays under 100 ms (a step over it is
 * measured twice, since one pause of another process decides a p99). Nothing is asserted about
 * timings, since machines differ.
 */
class CollabBenchmark {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int SECONDS = Integer.getInteger("quire.bench.seconds", 15);
  private static final int MAX_EDITORS = Integer.getInteger("quire.bench.max-editors", 640);
  private static final List<String> REPORT = new ArrayList<>();

  private static QuireStack stack;
  private static ApiClient owner;
  private static String token;
  private static String projectId;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ScheduledExecutorService TICKS = Executors.newScheduledThreadPool(2);

  @BeforeAll
  static void start() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    owner = stack.newClient();
    owner.register("bench-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Bench");
    token =
        owner
            .postJson("/api/me/tokens", Map.of("name", "bench", "scopes", List.of("api")))
            .json()
            .get("token")
            .asString();
    projectId =
        owner.postJson("/api/projects", Map.of("name", "Collab bench")).json().get("id").asString();
  }

  @AfterAll
  static void stop() {
    TICKS.shutdownNow();
    stack.close();
    System.out.println();
    System.out.println(
        "=== Quire collab benchmark (one web instance, "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + SECONDS
            + " s per step) ===");
    REPORT.forEach(System.out::println);
  }

  @Test
  void collabFigures() throws Exception {
    // warm-up: JIT, connection pools, MongoDB indexes
    run(docs(4), 5, Duration.ofMillis(200), 5);

    // 1. edit propagation, 20 editors on one document, an update every 2 s each
    Round one = run(docs(1), 20, Duration.ofSeconds(2), SECONDS);
    REPORT.add(
        String.format(
            Locale.ROOT,
            "propagation, 20 editors on one doc        p50 %6.1f ms   p99 %6.1f ms   (%d deliveries)",
            p(one.propagation, 50),
            p(one.propagation, 99),
            one.propagation.size()));
    REPORT.add(
        String.format(
            Locale.ROOT,
            "accepted update (push to ack), same run    p50 %6.1f ms   p99 %6.1f ms   refused %d",
            p(one.acked, 50),
            p(one.acked, 99),
            one.refused.get()));

    // 2. saturation: editors on separate documents push as soon as their last push is confirmed
    Round flat = run(docs(8), 8, Duration.ZERO, SECONDS);
    REPORT.add(
        String.format(
            Locale.ROOT,
            "accepted updates per second, 8 docs x 1 editor, back to back   %8.0f /s   p99 %6.1f ms",
            flat.acked.size() / (double) SECONDS,
            p(flat.acked, 99)));
    Round shared = run(docs(1), 8, Duration.ZERO, SECONDS);
    REPORT.add(
        String.format(
            Locale.ROOT,
            "accepted updates per second, 1 doc x 8 editors, back to back   %8.0f /s   p99 %6.1f ms",
            shared.acked.size() / (double) SECONDS,
            p(shared.acked, 99)));

    // 3. editors per instance: five to a document, an update every 2 s each
    int carried = 0;
    for (int editors = 20; editors <= MAX_EDITORS; editors *= 2) {
      Round round = run(docs(editors / 5), editors, Duration.ofSeconds(2), SECONDS);
      double p99 = p(round.acked, 99);
      if (p99 >= 100) {
        // on a shared machine one pause of another process decides a p99: look twice
        REPORT.add(
            String.format(Locale.ROOT, "%4d editors: p99 %6.1f ms, measuring again", editors, p99));
        round = run(docs(editors / 5), editors, Duration.ofSeconds(2), SECONDS);
        p99 = p(round.acked, 99);
      }
      REPORT.add(
          String.format(
              Locale.ROOT,
              "%4d editors, 5 per doc, 1 update/2 s each  accepted %6.1f /s   p50 %6.1f ms   p99 %6.1f ms",
              editors,
              round.acked.size() / (double) SECONDS,
              p(round.acked, 50),
              p99));
      if (p99 >= 100) {
        break;
      }
      carried = editors;
    }
    REPORT.add(
        "editors per web instance with accepted-update p99 < 100 ms: "
            + (carried == 0 ? "< 20" : ">= " + carried)
            + (carried == MAX_EDITORS ? " (the largest step tried)" : ""));
  }

  /** What one step measured, in nanoseconds. */
  private record Round(Queue<Long> acked, Queue<Long> propagation, AtomicLong refused) {}

  /**
   * Connects {@code editors} sockets spread evenly over {@code docIds}; each pushes an insertion
   * every {@code every} (or as soon as its previous one is confirmed, for zero) for {@code
   * seconds}.
   */
  private static Round run(List<String> docIds, int editors, Duration every, int seconds)
      throws Exception {
    Round round =
        new Round(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(), new AtomicLong());
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Editor> all = new ArrayList<>();
    for (int i = 0; i < editors; i++) {
      all.add(new Editor(docIds.get(i % docIds.size()), round, sentAt));
    }
    for (Editor editor : all) {
      editor.joined.get(30, TimeUnit.SECONDS);
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<java.util.concurrent.ScheduledFuture<?>> ticking = new ArrayList<>();
    for (Editor editor : all) {
      editor.until = end;
      if (every.isZero()) {
        editor.backToBack = true;
        editor.tick();
      } else {
        long offset = ThreadLocalRandom.current().nextLong(every.toMillis());
        ticking.add(
            TICKS.scheduleAtFixedRate(
                editor::tick, offset, every.toMillis(), TimeUnit.MILLISECONDS));
      }
    }
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1000);
    ticking.forEach(t -> t.cancel(false));
    all.forEach(Editor::close);
    assertThat(round.acked).isNotEmpty();
    return round;
  }

  private static List<String> docs(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = "d-" + UUID.randomUUID().toString().substring(0, 8) + ".tex";
      owner.put("/api/projects/" + projectId + "/files/" + path, "Benchmark text.\n");
      for (JsonNode e : owner.get("/api/projects/" + projectId + "/tree").json().get("entities")) {
        if (e.get("path").asString().equals(path)) {
          ids.add(e.get("docId").asString());
        }
      }
    }
    return ids;
  }

  private static double p(Queue<Long> nanos, int percentile) {
    return BenchFigures.percentileMillis(nanos, percentile);
  }

  /**
   * One editor: inserts a short marker at the start of the text, at most one push in flight; told
   * to rebase, it sends the same insertion again on the new version (an insertion at 0 needs no
   * mapping). The time of an accepted update runs from its first send to its confirmation.
   */
  private static final class Editor implements WebSocket.Listener {
    private final String docId;
    private final Round round;
    private final Map<String, Long> sentAt;
    private final String name = UUID.randomUUID().toString().substring(0, 8);
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    volatile long until;
    volatile boolean backToBack;
    private long version;
    private int length;
    private int serial;
    private String pending;
    private long firstSent;
    private long retryAt;

    Editor(String docId, Round round, Map<String, Long> sentAt) {
      this.docId = docId;
      this.round = round;
      this.sentAt = sentAt;
      String ws = "ws://localhost:" + stack.webPort() + "/ws/collab";
      this.socket =
          HTTP.newWebSocketBuilder()
              .header("Authorization", "Bearer " + token)
              .buildAsync(URI.create(ws), this)
              .join();
      send(Map.of("type", "join", "projectId", projectId, "docId", docId));
    }

    synchronized void tick() {
      if (pending != null || System.nanoTime() > until) {
        return;
      }
      pending = name + "#" + serial++;
      firstSent = System.nanoTime();
      push();
    }

    private void push() {
      sentAt.put(pending, System.nanoTime());
      List<Object> changes = new ArrayList<>();
      changes.add(List.of(0, "x"));
      if (length > 0) {
        changes.add(length);
      }
      send(
          Map.of(
              "type",
              "push",
              "docId",
              docId,
              "version",
              version,
              "updates",
              List.of(Map.of("clientID", pending, "changes", changes))));
    }

    private synchronized void handle(JsonNode message) {
      long now = System.nanoTime();
      switch (message.path("type").asString()) {
        case "joined" -> {
          version = message.get("version").asLong();
          length = message.get("text").asString().length();
          joined.complete(null);
        }
        case "updates" -> {
          for (JsonNode update : message.get("updates")) {
            long v = update.get("version").asLong();
            if (v <= version) {
              continue;
            }
            length += lengthChange(update.get("changes"));
            version = v;
            String clientId = update.get("clientID").asString();
            Long sent = sentAt.get(clientId);
            if (clientId.equals(pending)) {
              round.acked.add(now - firstSent);
              pending = null;
            } else if (sent != null) {
              round.propagation.add(now - sent);
            }
          }
          if (pending != null && retryAt > 0 && version >= retryAt) {
            retryAt = 0;
            push();
          } else if (backToBack && pending == null) {
            tick();
          }
        }
        case "rejected" -> {
          round.refused.incrementAndGet();
          if (pending == null) {
            break;
          }
          if (!"rebase".equals(message.path("reason").asString())) {
            pending = null;
            break;
          }
          long at = message.path("version").asLong(version);
          if (at > version) {
            // the updates that beat us are on their way; send again once they are in
            retryAt = at;
            send(Map.of("type", "pull", "docId", docId, "version", version));
          } else {
            push();
          }
        }
        default -> {}
      }
    }

    /** Inserted minus deleted characters of a change set in its JSON form. */
    private static int lengthChange(JsonNode changes) {
      int delta = 0;
      for (JsonNode part : changes) {
        if (part.isArray()) {
          delta -= part.get(0).asInt();
          for (int i = 1; i < part.size(); i++) {
            delta += part.get(i).asString().length() + (i > 1 ? 1 : 0);
          }
        }
      }
      return delta;
    }

    private void send(Object message) {
      String text = JSON.writeValueAsString(message);
      synchronized (socket) {
        socket.sendText(text, true).join();
      }
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
        handle(JSON.readTree(whole));
      }
      webSocket.request(1);
      return null;
    }
  }
}
