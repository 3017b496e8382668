package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.common.project.DocStore;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.BrokerCleanup;
import io.quire.testsupport.TestMongo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import tools.jackson.databind.JsonNode;

/**
 * Real-time collaboration through two web instances that share MongoDB and Redis, as in a scaled
 * deployment: editors on both converge on one text equal to the stored document, nothing
 * acknowledged is lost when Redis loses its messages, and the server refuses what it must.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollaborationIT {
  private static final int CLIENTS = 6;

  private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private ConfigurableApplicationContext first;
  private ConfigurableApplicationContext second;
  private String firstUrl;
  private String secondUrl;
  private String ownerToken;
  private String writerToken;
  private String readerToken;
  private String projectId;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeAll
  void startTwoInstances() {
    String mongo = TestMongo.freshDatabaseUri();
    first = start(mongo);
    second = start(mongo);
    firstUrl = "http://localhost:" + port(first);
    secondUrl = "http://localhost:" + port(second);

    ApiClient owner = registered(firstUrl, "owner");
    ownerToken = token(owner);
    projectId =
        owner.postJson("/api/projects", Map.of("name", "Together")).json().get("id").asString();
    JsonNode links =
        owner
            .postJson("/api/projects/" + projectId + "/link-sharing", Map.of("enabled", true))
            .json();
    ApiClient writer = registered(secondUrl, "writer");
    assertThat(
            writer
                .postJson(
                    "/api/projects/" + projectId + "/join",
                    Map.of("token", links.get("writeToken").asString()))
                .status())
        .isEqualTo(200);
    writerToken = token(writer);
    ApiClient reader = registered(secondUrl, "reader");
    assertThat(
            reader
                .postJson(
                    "/api/projects/" + projectId + "/join",
                    Map.of("token", links.get("readToken").asString()))
                .status())
        .isEqualTo(200);
    readerToken = token(reader);
  }

  private ConfigurableApplicationContext start(String mongo) {
    // arguments, not default properties: they must win over application.yml
    BrokerCleanup.deleteOnExit(prefix);
    return new SpringApplicationBuilder(QuireWebApplication.class)
        .run(
            "--server.port=0",
            "--quire.mongo.uri=" + mongo,
            "--quire.amqp.prefix=" + prefix,
            "--quire.admin.password=admin-password-1",
            "--quire.data-dir=" + System.getProperty("java.io.tmpdir") + "/" + prefix,
            "--quire.collab.catch-up-interval=500ms");
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  private static ApiClient registered(String url, String who) {
    ApiClient client = new ApiClient(url);
    assertThat(
            client
                .register(
                    who + "-" + UUID.randomUUID() + "@example.org", "a good long password", who)
                .status())
        .isEqualTo(201);
    return client;
  }

  private static String token(ApiClient client) {
    return client
        .postJson("/api/me/tokens", Map.of("name", "collab", "scopes", List.of("api")))
        .json()
        .get("token")
        .asString();
  }

  /** A fresh document in the project, so each test starts from its own text. */
  private String newDoc(String text) {
    ApiClient owner = new ApiClient(firstUrl).withBearer(ownerToken);
    String path = "doc-" + UUID.randomUUID().toString().substring(0, 8) + ".tex";
    assertThat(owner.put("/api/projects/" + projectId + "/files/" + path, text).status())
        .isIn(200, 201, 204);
    for (JsonNode entity :
        owner.get("/api/projects/" + projectId + "/tree").json().get("entities")) {
      if (entity.get("path").asString().equals(path)) {
        return entity.get("docId").asString();
      }
    }
    throw new AssertionError("no doc " + path);
  }

  private List<CollabTestClient> editors(String docId) {
    List<CollabTestClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String url = i % 2 == 0 ? firstUrl : secondUrl;
      String token = i % 3 == 0 ? ownerToken : writerToken;
      clients.add(CollabTestClient.join(url, token, projectId, docId));
    }
    return clients;
  }

  /**
   * Each client makes {@code edits} random edits, each as soon as its previous one is confirmed.
   */
  private void editConcurrently(List<CollabTestClient> clients, int edits, boolean deletes)
      throws Exception {
    List<Future<?>> running = new ArrayList<>();
    for (CollabTestClient client : clients) {
      running.add(
          pool.submit(
              () -> {
                Random random = new Random(client.clientId.hashCode());
                for (int serial = 0; serial < edits; serial++) {
                  await()
                      .atMost(Duration.ofSeconds(30))
                      .pollInterval(Duration.ofMillis(2))
                      .until(client::idle);
                  client.editRandomly(random, serial, deletes);
                }
                await().atMost(Duration.ofSeconds(30)).until(client::idle);
                return null;
              }));
    }
    for (Future<?> future : running) {
      future.get(2, TimeUnit.MINUTES);
    }
  }

  private String storedText(ConfigurableApplicationContext context, String docId) {
    return context.getBean(DocStore.class).find(docId).orElseThrow().text();
  }

  private void awaitConvergence(List<CollabTestClient> clients, String docId) {
    long latest = first.getBean(DocStore.class).find(docId).orElseThrow().version();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(clients).allSatisfy(c -> assertThat(c.version()).isEqualTo(latest)));
    String stored = storedText(first, docId);
    assertThat(storedText(second, docId)).isEqualTo(stored);
    assertThat(clients).allSatisfy(c -> assertThat(c.text()).isEqualTo(stored));
    String served =
        new ApiClient(secondUrl)
            .withBearer(writerToken)
            .get("/api/projects/" + projectId + "/files/" + pathOf(docId))
            .text();
    assertThat(served).isEqualTo(stored);
  }

  private String pathOf(String docId) {
    for (JsonNode entity :
        new ApiClient(firstUrl)
            .withBearer(ownerToken)
            .get("/api/projects/" + projectId + "/tree")
            .json()
            .get("entities")) {
      if (docId.equals(entity.path("docId").asString(null))) {
        return entity.get("path").asString();
      }
    }
    throw new AssertionError("no path for " + docId);
  }

  @Test
  void randomConcurrentEditsThroughTwoInstancesConvergeOnTheStoredText() throws Exception {
    String docId = newDoc("\\documentclass{article}\n\\begin{document}\nHello\n\\end{document}\n");
    List<CollabTestClient> clients = editors(docId);
    long start = clients.get(0).version();

    editConcurrently(clients, 30, true);

    awaitConvergence(clients, docId);
    int acked = clients.stream().mapToInt(CollabTestClient::acked).sum();
    assertThat(acked).isEqualTo(CLIENTS * 30);
    assertThat(clients.get(0).version() - start).isEqualTo(acked);
    clients.forEach(CollabTestClient::close);
  }

  @Test
  void losingRedisWhileEditingLosesNoAcknowledgedEdit() throws Exception {
    String docId = newDoc("Start.\n");
    List<CollabTestClient> clients = editors(docId);

    Future<?> editing =
        pool.submit(
            () -> {
              editConcurrently(clients, 40, false);
              return null;
            });
    await().atMost(Duration.ofSeconds(20)).until(() -> clients.get(0).version() > 30);
    // what a Redis restart does to us: our keys are gone and the bus drops what it carries
    for (ConfigurableApplicationContext context : List.of(first, second)) {
      RedissonClient redis = context.getBean(RedissonClient.class);
      redis.getKeys().deleteByPattern(prefix + ":collab:*");
      redis.getTopic(prefix + ":collab:bus").removeAllListeners();
    }
    Thread.sleep(300);
    Lifecycle rooms = (Lifecycle) second.getBean("docRooms");
    rooms.stop();
    rooms.start();
    editing.get(2, TimeUnit.MINUTES);

    awaitConvergence(clients, docId);
    String stored = storedText(first, docId);
    List<String> acked = clients.stream().flatMap(c -> c.ackedMarkers.stream()).toList();
    assertThat(acked).hasSize(CLIENTS * 40);
    assertThat(acked).allSatisfy(marker -> assertThat(stored).contains(marker));
    clients.forEach(CollabTestClient::close);
  }

  @Test
  void aServerSideWriteReachesOpenEditorsAsAnOrdinaryUpdate() {
    String docId = newDoc("one\ntwo\nthree\n");
    CollabTestClient onSecond = CollabTestClient.join(secondUrl, writerToken, projectId, docId);
    long before = onSecond.version();

    new ApiClient(firstUrl)
        .withBearer(ownerToken)
        .put("/api/projects/" + projectId + "/files/" + pathOf(docId), "one\n2\nthree\n");

    await().atMost(Duration.ofSeconds(10)).until(() -> onSecond.version() == before + 1);
    assertThat(onSecond.text()).isEqualTo("one\n2\nthree\n");
    JsonNode update =
        onSecond.received.stream()
            .filter(m -> m.path("type").asString().equals("updates"))
            .reduce((a, b) -> b)
            .orElseThrow()
            .get("updates")
            .get(0);
    assertThat(update.get("clientID").asString()).isEqualTo("server");
    assertThat(update.get("changes").toString()).isEqualTo("[4,[3,\"2\"],7]");
    onSecond.close();
  }

  @Test
  void aReadOnlyUsersUpdateIsRefused() {
    String docId = newDoc("read me\n");
    CollabTestClient reader = CollabTestClient.join(secondUrl, readerToken, projectId, docId);
    assertThat(reader.received.get(0).get("access").asString()).isEqualTo("readOnly");

    reader.pushRaw(reader.version(), List.of(7, List.of(0, " twice"), 1));

    JsonNode refusal = awaitMessage(reader, "rejected");
    assertThat(refusal.get("reason").asString()).isEqualTo("forbidden");
    assertThat(storedText(first, docId)).isEqualTo("read me\n");
    reader.close();
  }

  @Test
  void anUpdateBasedOnAnOldVersionIsRefusedWithPullAndRebase() {
    String docId = newDoc("abc");
    CollabTestClient a = CollabTestClient.join(firstUrl, ownerToken, projectId, docId);
    CollabTestClient b = CollabTestClient.join(secondUrl, writerToken, projectId, docId);
    long base = a.version();
    a.pushRaw(base, List.of(3, List.of(0, "d")));
    await().atMost(Duration.ofSeconds(10)).until(() -> b.version() == base + 1);

    b.pushRaw(base, List.of(List.of(0, "z"), 3));

    JsonNode refusal = awaitMessage(b, "rejected");
    assertThat(refusal.get("reason").asString()).isEqualTo("rebase");
    assertThat(refusal.get("message").asString()).contains("pull and rebase");
    assertThat(refusal.get("version").asLong()).isEqualTo(base + 1);
    assertThat(storedText(second, docId)).isEqualTo("abcd");
    a.close();
    b.close();
  }

  @Test
  void openSocketsAndAcceptedUpdatesShowOnThePrometheusEndpoint() {
    String docId = newDoc("metrics\n");
    ApiClient admin = new ApiClient(firstUrl);
    assertThat(admin.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
    double acceptedBefore = metric(admin, "quire_collab_updates_total", "outcome=\"accepted\"");
    CollabTestClient editor = CollabTestClient.join(firstUrl, ownerToken, projectId, docId);
    long before = editor.version();

    editor.pushRaw(before, List.of(List.of(0, "live "), 8));

    await().atMost(Duration.ofSeconds(10)).until(() -> editor.version() == before + 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(metric(admin, "quire_websocket_connections", ""))
                  .isGreaterThanOrEqualTo(1);
              assertThat(metric(admin, "quire_collab_updates_total", "outcome=\"accepted\""))
                  .isGreaterThanOrEqualTo(acceptedBefore + 1);
            });
    assertThat(admin.get("/actuator/prometheus").text())
        .containsPattern("quire_collab_updates_total\\{[^}]*outcome=\"refused\"");
    editor.close();
  }

  /** The value of the first sample of {@code name} whose labels contain {@code label}, or 0. */
  private static double metric(ApiClient admin, String name, String label) {
    ApiClient.Response scrape = admin.get("/actuator/prometheus");
    assertThat(scrape.status()).isEqualTo(200);
    return scrape
        .text()
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }

  @Test
  void aSocketWithoutValidCredentialsIsRefused() {
    assertHandshakeRefused(secondUrl.replaceFirst("^http", "ws") + "/ws/collab", "401");
    assertHandshakeRefused(
        secondUrl.replaceFirst("^http", "ws") + "/ws/collab?ticket=not-a-ticket", "401");
  }

  private static void assertHandshakeRefused(String ws, String status) {
    WebSocket.Listener listener = new WebSocket.Listener() {};
    var attempt =
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(ws), listener);
    org.assertj.core.api.Assertions.assertThatThrownBy(attempt::join)
        .isInstanceOf(CompletionException.class)
        .rootCause()
        .hasMessageContaining(status);
  }

  @Test
  void anAccessTokenInTheQueryIsRefusedAndATicketFromAnotherInstanceOpensTheSocketOnce() {
    String ws = secondUrl.replaceFirst("^http", "ws") + "/ws/collab";
    assertHandshakeRefused(ws + "?access_token=" + readerToken, "400");
    assertHandshakeRefused(ws + "?token=" + readerToken, "400");

    String docId = newDoc("query\n");
    String ticket =
        new ApiClient(firstUrl)
            .withBearer(readerToken)
            .postJson("/api/collab/tickets", Map.of("projectId", projectId))
            .json()
            .get("ticket")
            .asString();
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(ws + "?ticket=" + ticket),
                new WebSocket.Listener() {
                  @Override
                  public java.util.concurrent.CompletionStage<?> onText(
                      WebSocket s, CharSequence data, boolean last) {
                    messages.add(data.toString());
                    s.request(1);
                    return null;
                  }
                })
            .join();
    socket
        .sendText(
            "{\"type\":\"join\",\"projectId\":\"" + projectId + "\",\"docId\":\"" + docId + "\"}",
            true)
        .join();
    await().atMost(Duration.ofSeconds(10)).until(() -> !messages.isEmpty());
    assertThat(messages.get(0)).contains("\"type\":\"joined\"").contains("\"text\":\"query\\n\"");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");

    assertHandshakeRefused(ws + "?ticket=" + ticket, "401");
  }

  private static JsonNode awaitMessage(CollabTestClient client, String type) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.received.stream()
                    .filter(m -> m.path("type").asString().equals(type))
                    .findFirst()
                    .orElse(null),
            java.util.Objects::nonNull);
  }
}
