package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quire.common.blob.Hashes;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Access tokens never travel in URLs; a client that cannot send credentials on a WebSocket
 * handshake opens the collaboration socket with a one-time ticket, bound to its user and project,
 * that works once and only for a short time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CollabTicketsIT {
  private static String prefix;

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    prefix = WebTestProperties.isolate(registry);
    registry.add("quire.collab.ticket-ttl", () -> "2s");
  }

  @LocalServerPort int port;
  @Autowired RedissonClient redis;

  private ApiClient alice;
  private String aliceToken;
  private String project;
  private String docId;

  @BeforeEach
  void aliceAndHerProject() {
    alice = registered("alice");
    aliceToken = token(alice, "api");
    project = newProject(alice, "Tickets");
    docId = newDoc(alice, project, "ticket text\n");
  }

  private String url() {
    return "http://localhost:" + port;
  }

  private ApiClient registered(String who) {
    ApiClient client = new ApiClient(url());
    assertThat(
            client
                .register(
                    who + "-" + UUID.randomUUID() + "@example.org", "a good long password", who)
                .status())
        .isEqualTo(201);
    return client;
  }

  private static String token(ApiClient who, String... scopes) {
    Response created =
        who.postJson("/api/me/tokens", Map.of("name", "t", "scopes", List.of(scopes)));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json().get("token").asString();
  }

  private static String newProject(ApiClient owner, String name) {
    return owner.postJson("/api/projects", Map.of("name", name)).json().get("id").asString();
  }

  private static String newDoc(ApiClient owner, String projectId, String text) {
    assertThat(owner.put("/api/projects/" + projectId + "/files/main.tex", text).status())
        .isIn(200, 201, 204);
    for (JsonNode entity :
        owner.get("/api/projects/" + projectId + "/tree").json().get("entities")) {
      if (entity.get("path").asString().equals("main.tex")) {
        return entity.get("docId").asString();
      }
    }
    throw new AssertionError("no main.tex");
  }

  private String ticket(ApiClient who, String projectId) {
    Response issued = who.postJson("/api/collab/tickets", Map.of("projectId", projectId));
    assertThat(issued.status()).as(issued.text()).isEqualTo(201);
    assertThat(issued.json().get("expiresInSeconds").asLong()).isBetween(1L, 60L);
    return issued.json().get("ticket").asString();
  }

  private SocketProbe openWithTicket(String ticket) {
    return SocketProbe.open(url(), "?ticket=" + ticket, Map.of());
  }

  private void assertRefused(String query, Map<String, String> headers, String status) {
    assertThatThrownBy(() -> SocketProbe.open(url(), query, headers))
        .isInstanceOf(CompletionException.class)
        .rootCause()
        .hasMessageContaining(status);
  }

  @Test
  void anAccessTokenInAnyUrlIsRefusedWithABadRequest() {
    for (String name : List.of("access_token", "token", "ACCESS_TOKEN", "access%5Ftoken")) {
      Response api = new ApiClient(url()).get("/api/projects?" + name + "=" + aliceToken);
      assertThat(api.status()).as(name).isEqualTo(400);
      assertThat(api.json().get("detail").asString()).contains("never accepted in a URL");
      assertRefused("?" + name + "=" + aliceToken, Map.of(), "400");
    }
    // also next to a valid header: the token in the URL has leaked all the same
    Response both = new ApiClient(url()).withBearer(aliceToken).get("/api/projects?access_token=x");
    assertThat(both.status()).isEqualTo(400);
  }

  @Test
  void aTicketOpensTheSocketForItsProjectOnceAndIsThenUsedUp() {
    String ticket = ticket(new ApiClient(url()).withBearer(aliceToken), project);

    SocketProbe socket = openWithTicket(ticket);
    socket.send(Map.of("type", "join", "projectId", project, "docId", docId));
    JsonNode joined = socket.await("joined");
    assertThat(joined.get("text").asString()).isEqualTo("ticket text\n");
    assertThat(joined.get("access").asString()).isEqualTo("owner");
    socket.close();

    assertRefused("?ticket=" + ticket, Map.of(), "401");
  }

  @Test
  void aSignedInBrowserGetsATicketToo() {
    String ticket = ticket(alice, project);

    SocketProbe socket = openWithTicket(ticket);
    socket.send(Map.of("type", "watch", "projectId", project));
    assertThat(socket.await("watching").get("projectId").asString()).isEqualTo(project);
    socket.close();
  }

  @Test
  void anExpiredTicketIsRefused() {
    String ticket = ticket(alice, project);
    String key = prefix + ":collab:ticket:" + Hashes.sha256(ticket);
    assertThat(redis.getBucket(key, StringCodec.INSTANCE).isExists()).isTrue();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !redis.getBucket(key, StringCodec.INSTANCE).isExists());

    assertRefused("?ticket=" + ticket, Map.of(), "401");
  }

  @Test
  void anotherUsersTicketIsRefusedAndSpent() {
    String ticket = ticket(alice, project);
    String bobToken = token(registered("bob"), "api");

    assertRefused("?ticket=" + ticket, Map.of("Authorization", "Bearer " + bobToken), "403");
    // whoever showed it, a ticket works at most once
    assertRefused("?ticket=" + ticket, Map.of(), "401");
  }

  @Test
  void aTicketsSocketReachesNoOtherProject() {
    String other = newProject(alice, "Other");
    String otherDoc = newDoc(alice, other, "other text\n");
    SocketProbe socket = openWithTicket(ticket(alice, project));

    socket.send(
        Map.of("type", "join", "projectId", other, "docId", otherDoc, "requestId", "other"));
    JsonNode refused = socket.await("rejected");
    assertThat(refused.get("requestId").asString()).isEqualTo("other");
    assertThat(refused.get("reason").asString()).isEqualTo("forbidden");
    assertThat(refused.get("message").asString()).contains("ticket for another project");

    socket.send(Map.of("type", "watch", "projectId", other, "requestId", "watch-other"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                socket.received.stream()
                    .anyMatch(m -> m.path("requestId").asString().equals("watch-other")));
    assertThat(socket.received)
        .noneMatch(m -> m.path("type").asString().equals("watching"))
        .noneMatch(m -> m.path("type").asString().equals("joined"));
    socket.close();
  }

  @Test
  void aTicketNeedsReadAccessToItsProjectAndTheApiScope() {
    ApiClient bob = registered("bob");
    Response stranger = bob.postJson("/api/collab/tickets", Map.of("projectId", project));
    assertThat(stranger.status()).isEqualTo(404);

    for (String scope : List.of("api:read", "git")) {
      Response refused =
          new ApiClient(url())
              .withBearer(token(alice, scope))
              .postJson("/api/collab/tickets", Map.of("projectId", project));
      assertThat(refused.status()).as(scope).isEqualTo(403);
    }
  }

  @Test
  void aBearerTokenOpensTheSocketOnlyWithTheApiScope() {
    String reader = token(alice, "api:read");
    assertRefused("", Map.of("Authorization", "Bearer " + reader), "403");

    SocketProbe socket =
        SocketProbe.open(url(), "", Map.of("Authorization", "Bearer " + aliceToken));
    socket.send(Map.of("type", "join", "projectId", project, "docId", docId));
    assertThat(socket.await("joined").get("access").asString()).isEqualTo("owner");
    socket.close();
  }

  @Test
  void theBrowsersSessionCookieStillOpensTheSocket() {
    Map<String, String> credentials = alice.credentials();
    SocketProbe socket =
        SocketProbe.open(
            url(),
            "",
            Map.of("Cookie", credentials.get("Cookie"), "Origin", credentials.get("Origin")));
    socket.send(Map.of("type", "join", "projectId", project, "docId", docId));
    assertThat(socket.await("joined").get("text").asString()).isEqualTo("ticket text\n");
    socket.close();
  }
}
