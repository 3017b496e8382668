package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.BrokerCleanup;
import io.quire.testsupport.TestMongo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Disabling or deleting an account, or a password change, ends the account's other sessions and
 * closes their open sockets at once; a change of a member's access reaches their open sockets at
 * once. Two web instances: changes are made through {@code second}, the sockets that must hear of
 * them are open on {@code first} (whose periodic account check is off, so only the news through
 * Redis can close them) and on {@code second} itself. {@code second} checks its sockets' accounts
 * every half second, which covers news that never came.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionEndingIT {
  private static final String PASSWORD = "a good long password";

  private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private String mongo;
  private ConfigurableApplicationContext first;
  private ConfigurableApplicationContext second;
  private String firstUrl;
  private String secondUrl;
  private ApiClient admin;

  @BeforeAll
  void startTwoInstances() {
    mongo = TestMongo.freshDatabaseUri();
    BrokerCleanup.deleteOnExit(prefix);
    first = start("1h");
    second = start("500ms");
    firstUrl = "http://localhost:" + port(first);
    secondUrl = "http://localhost:" + port(second);
    admin = new ApiClient(secondUrl);
    assertThat(admin.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
  }

  private ConfigurableApplicationContext start(String accountCheckInterval) {
    return new SpringApplicationBuilder(QuireWebApplication.class)
        .run(
            "--server.port=0",
            "--quire.mongo.uri=" + mongo,
            "--quire.amqp.prefix=" + prefix,
            "--quire.admin.password=admin-password-1",
            "--quire.data-dir=" + System.getProperty("java.io.tmpdir") + "/" + prefix,
            "--quire.accounts.registration-throttle.per-address=10000",
            "--quire.collab.account-check-interval=" + accountCheckInterval);
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @AfterAll
  void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  private record Account(String id, String email) {}

  private Account register(String who) {
    String email = who + "-" + UUID.randomUUID() + "@example.org";
    Response registered = new ApiClient(secondUrl).register(email, PASSWORD, who);
    assertThat(registered.status()).isEqualTo(201);
    return new Account(registered.json().get("id").asString(), email);
  }

  private static ApiClient signedIn(String url, Account account, String password) {
    ApiClient client = new ApiClient(url);
    assertThat(client.login(account.email(), password).status()).isEqualTo(200);
    return client;
  }

  /** A socket opened with a browser's session cookie, as Quire's editor opens it. */
  private static SocketProbe cookieSocket(ApiClient browser) {
    Map<String, String> credentials = browser.credentials();
    return SocketProbe.open(
        browser.baseUrl(),
        "",
        Map.of("Cookie", credentials.get("Cookie"), "Origin", credentials.get("Origin")));
  }

  private static SocketProbe tokenSocket(String url, String token) {
    return SocketProbe.open(url, "", Map.of("Authorization", "Bearer " + token));
  }

  private static String token(ApiClient client) {
    return client
        .postJson("/api/me/tokens", Map.of("name", "socket", "scopes", List.of("api")))
        .json()
        .get("token")
        .asString();
  }

  private static void assertStillOpen(SocketProbe socket) {
    int before = socket.received.size();
    socket.send(Map.of("type", "ping"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                socket.received.stream()
                    .skip(before)
                    .anyMatch(m -> m.path("type").asString().equals("pong")));
    assertThat(socket.closed).isNotDone();
  }

  private static void assertEndedAtOnce(SocketProbe socket) {
    assertThat(socket.awaitClosed()).isEqualTo(4401);
    assertThat(socket.received).anyMatch(m -> m.path("type").asString().equals("sessionEnded"));
  }

  @Test
  void aPasswordChangeEndsTheOtherSessionsAndTheirSocketsButNotItsOwn() {
    Account ada = register("ada");
    ApiClient changer = signedIn(secondUrl, ada, PASSWORD);
    ApiClient elsewhere = signedIn(firstUrl, ada, PASSWORD);
    SocketProbe changersSocket = cookieSocket(changer);
    SocketProbe otherSocket = cookieSocket(elsewhere);
    SocketProbe scriptSocket = tokenSocket(secondUrl, token(changer));

    Response changed =
        changer.postJson(
            "/api/me/password",
            Map.of("currentPassword", PASSWORD, "newPassword", "another long passphrase"));
    assertThat(changed.status()).isEqualTo(204);

    assertEndedAtOnce(otherSocket);
    assertEndedAtOnce(scriptSocket);
    assertThat(elsewhere.get("/api/me").status()).isEqualTo(401);
    assertThat(changer.get("/api/me").status()).isEqualTo(200);
    assertStillOpen(changersSocket);
    // and it stays open through several periodic checks of the changer's instance
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !changersSocket.closed.isDone());
    assertStillOpen(changersSocket);
    assertThat(changer.get("/api/me").status()).isEqualTo(200);
    signedIn(firstUrl, ada, "another long passphrase");
    changersSocket.close();
  }

  @Test
  void disablingAnAccountClosesItsSocketsOnEveryInstanceAtOnce() {
    Account bob = register("bob");
    ApiClient browser = signedIn(firstUrl, bob, PASSWORD);
    SocketProbe onFirst = cookieSocket(browser);
    SocketProbe onSecond = tokenSocket(secondUrl, token(browser));

    assertThat(
            admin
                .postJson("/api/admin/users/" + bob.id() + "/disabled", Map.of("disabled", true))
                .status())
        .isEqualTo(200);

    assertEndedAtOnce(onFirst);
    assertEndedAtOnce(onSecond);
    assertThat(browser.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void deletingAnAccountClosesItsSocketsAtOnce() {
    Account cleo = register("cleo");
    ApiClient browser = signedIn(firstUrl, cleo, PASSWORD);
    SocketProbe socket = cookieSocket(browser);

    assertThat(admin.delete("/api/admin/users/" + cleo.id()).status()).isEqualTo(204);

    assertEndedAtOnce(socket);
  }

  @Test
  void anAccountDisabledBehindQuiresBackIsFoundByThePeriodicCheck() {
    Account dora = register("dora");
    SocketProbe socket = cookieSocket(signedIn(secondUrl, dora, PASSWORD));

    try (var client = MongoClients.create(mongo)) {
      String database = mongo.substring(mongo.lastIndexOf('/') + 1);
      client
          .getDatabase(database)
          .getCollection("users")
          .updateOne(Filters.eq("_id", new ObjectId(dora.id())), Updates.set("disabled", true));
    }

    assertEndedAtOnce(socket);
  }

  private record Shared(ApiClient owner, String projectId, String docId, ApiClient writer) {}

  /** A project of a new owner, with one document, and a writer who joined by the write link. */
  private Shared sharedWithAWriter() {
    ApiClient owner = signedIn(secondUrl, register("owner"), PASSWORD);
    String projectId =
        owner.postJson("/api/projects", Map.of("name", "Shared")).json().get("id").asString();
    owner.put("/api/projects/" + projectId + "/files/main.tex", "shared text\n");
    String docId = null;
    for (JsonNode entity :
        owner.get("/api/projects/" + projectId + "/tree").json().get("entities")) {
      if (entity.get("path").asString().equals("main.tex")) {
        docId = entity.get("docId").asString();
      }
    }
    String writeToken =
        owner
            .postJson("/api/projects/" + projectId + "/link-sharing", Map.of("enabled", true))
            .json()
            .get("writeToken")
            .asString();
    ApiClient writer = signedIn(firstUrl, register("writer"), PASSWORD);
    assertThat(
            writer
                .postJson("/api/projects/" + projectId + "/join", Map.of("token", writeToken))
                .status())
        .isEqualTo(200);
    return new Shared(owner, projectId, docId, writer);
  }

  private static SocketProbe joined(SocketProbe socket, Shared shared, String expectedAccess) {
    socket.send(Map.of("type", "join", "projectId", shared.projectId(), "docId", shared.docId()));
    assertThat(socket.await("joined").get("access").asString()).isEqualTo(expectedAccess);
    return socket;
  }

  private static void push(SocketProbe socket, Shared shared, String requestId) {
    long version =
        socket.received.stream()
            .filter(m -> m.path("type").asString().equals("joined"))
            .findFirst()
            .orElseThrow()
            .get("version")
            .asLong();
    socket.send(
        Map.of(
            "type",
            "push",
            "requestId",
            requestId,
            "docId",
            shared.docId(),
            "version",
            version,
            "updates",
            List.of(Map.of("clientID", "demoted", "changes", List.of(List.of(0, "mine "), 12)))));
  }

  private static JsonNode answerTo(SocketProbe socket, String requestId) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                socket.received.stream()
                    .filter(m -> m.path("requestId").asString().equals(requestId))
                    .findFirst()
                    .orElse(null),
            m -> m != null);
  }

  @Test
  void aWriterMadeReadOnlyIsToldAtOnceAndCanNoLongerEdit() {
    Shared shared = sharedWithAWriter();
    SocketProbe socket = joined(cookieSocket(shared.writer()), shared, "readWrite");
    String writerId = shared.writer().get("/api/me").json().get("id").asString();

    Response demoted =
        shared
            .owner()
            .patchJson(
                "/api/projects/" + shared.projectId() + "/collaborators/" + writerId,
                Map.of("access", "readOnly"));
    assertThat(demoted.status()).as(demoted.text()).isEqualTo(200);

    JsonNode told = socket.await("accessChanged");
    assertThat(told.get("projectId").asString()).isEqualTo(shared.projectId());
    assertThat(told.get("access").asString()).isEqualTo("readOnly");
    push(socket, shared, "after-demotion");
    JsonNode refused = answerTo(socket, "after-demotion");
    assertThat(refused.get("type").asString()).isEqualTo("rejected");
    assertThat(refused.get("reason").asString()).isEqualTo("forbidden");
    assertThat(shared.owner().get("/api/projects/" + shared.projectId() + "/files/main.tex").text())
        .isEqualTo("shared text\n");
    socket.close();
  }

  @Test
  void aRemovedMemberIsToldAtOnceAndLeavesTheProjectsDocuments() {
    Shared shared = sharedWithAWriter();
    SocketProbe socket = joined(cookieSocket(shared.writer()), shared, "readWrite");
    String writerId = shared.writer().get("/api/me").json().get("id").asString();

    assertThat(
            shared
                .owner()
                .delete("/api/projects/" + shared.projectId() + "/collaborators/" + writerId)
                .status())
        .isEqualTo(204);

    JsonNode told = socket.await("accessChanged");
    assertThat(told.get("access").isNull()).isTrue();
    assertThat(told.get("message").asString()).contains("no longer have access");
    push(socket, shared, "after-removal");
    assertThat(answerTo(socket, "after-removal").get("reason").asString()).isEqualTo("not-joined");
    socket.close();
  }

  @Test
  void turningLinkSharingOffTellsTheMembersWhoCameByTheLink() {
    Shared shared = sharedWithAWriter();
    SocketProbe socket = joined(cookieSocket(shared.writer()), shared, "readWrite");

    shared
        .owner()
        .postJson(
            "/api/projects/" + shared.projectId() + "/link-sharing", Map.of("enabled", false));

    assertThat(socket.await("accessChanged").get("access").isNull()).isTrue();
    socket.close();
  }

  @Test
  void onlyTheOwnerChangesAMembersAccessAndNeverToOwner() {
    Shared shared = sharedWithAWriter();
    String writerId = shared.writer().get("/api/me").json().get("id").asString();
    String path = "/api/projects/" + shared.projectId() + "/collaborators/" + writerId;

    assertThat(shared.writer().patchJson(path, Map.of("access", "readOnly")).status())
        .isEqualTo(403);
    assertThat(shared.owner().patchJson(path, Map.of("access", "owner")).status()).isEqualTo(400);
    String nobody = new ObjectId().toHexString();
    assertThat(
            shared
                .owner()
                .patchJson(
                    "/api/projects/" + shared.projectId() + "/collaborators/" + nobody,
                    Map.of("access", "readOnly"))
                .status())
        .isEqualTo(404);
  }
}
