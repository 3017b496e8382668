package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A project's chat between its owner and an invited read-only member: live over the collaboration
 * socket, stored, paged, counted as unread, kept as plain text, and refused to whoever may not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatIT {
  private static final int RATE = 8;

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.chat.rate-per-user", () -> RATE);
    registry.add("quire.chat.max-message-chars", () -> 4000);
  }

  @LocalServerPort int port;

  private ApiClient owner;
  private ApiClient reader;
  private String project;

  private String url() {
    return "http://localhost:" + port;
  }

  private String chat(String rest) {
    return "/api/projects/" + project + "/chat" + rest;
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

  @BeforeEach
  void ownerAndInvitedReader() {
    owner = registered("Ada");
    reader = registered("Bea");
    project = owner.postJson("/api/projects", Map.of("name", "Chat")).json().get("id").asString();
    String readerEmail = reader.get("/api/me").json().get("email").asString();
    Response invited =
        owner.postJson(
            "/api/projects/" + project + "/collaborators",
            Map.of("email", readerEmail, "access", "readOnly"));
    assertThat(reader.acceptInvitation(invited).status()).isEqualTo(200);
  }

  private SocketProbe watching(ApiClient who) {
    SocketProbe socket =
        SocketProbe.open(url(), "", Map.of("Authorization", "Bearer " + token(who, "api")));
    socket.send(Map.of("type", "watch", "projectId", project));
    socket.await("watching");
    return socket;
  }

  private Response post(ApiClient who, String text) {
    return who.postJson(chat("/messages"), Map.of("text", text));
  }

  @Test
  void theReaderSeesTheOwnersMessageLiveAndAnswers() {
    SocketProbe readerSocket = watching(reader);
    SocketProbe ownerSocket = watching(owner);
    try {
      Response posted = post(owner, "Shall we submit on Friday?");
      assertThat(posted.status()).as(posted.text()).isEqualTo(201);

      JsonNode live = readerSocket.await("chat.message");
      assertThat(live.get("projectId").asString()).isEqualTo(project);
      assertThat(live.get("id").asString()).isEqualTo(posted.json().get("id").asString());
      assertThat(live.get("text").asString()).isEqualTo("Shall we submit on Friday?");
      assertThat(live.get("userName").asString()).isEqualTo("Ada");
      assertThat(live.get("created").asString()).isNotBlank();

      // readers chat too
      assertThat(post(reader, "Yes, Friday.").status()).isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  ownerSocket.received.stream()
                      .anyMatch(m -> m.path("text").asString().equals("Yes, Friday.")));
    } finally {
      readerSocket.close();
      ownerSocket.close();
    }
  }

  @Test
  void historyPagesNewestFirstWithABeforeCursor() {
    for (int i = 1; i <= 5; i++) {
      assertThat(post(i % 2 == 0 ? reader : owner, "message " + i).status()).isEqualTo(201);
    }
    List<String> texts = new ArrayList<>();
    String before = null;
    int pages = 0;
    do {
      Response page =
          reader.get(chat("/messages?limit=2" + (before == null ? "" : "&before=" + before)));
      assertThat(page.status()).isEqualTo(200);
      page.json().get("messages").forEach(m -> texts.add(m.get("text").asString()));
      JsonNode next = page.json().get("nextBefore");
      before = next == null || next.isNull() ? null : next.asString();
      pages++;
    } while (before != null && pages < 10);
    assertThat(texts)
        .containsExactly("message 5", "message 4", "message 3", "message 2", "message 1");
    JsonNode newest = owner.get(chat("/messages")).json().get("messages");
    assertThat(newest.get(0).get("userName").asString()).isEqualTo("Ada");
    assertThat(newest.get(1).get("userName").asString()).isEqualTo("Bea");
    assertThat(reader.get(chat("/messages?before=nonsense")).status()).isEqualTo(400);
  }

  @Test
  void theUnreadCountCountsOthersMessagesSinceTheLastRead() {
    assertThat(unread(reader)).isZero();
    post(owner, "one");
    post(owner, "two");
    post(reader, "mine do not count");
    assertThat(unread(reader)).isEqualTo(2);
    assertThat(unread(owner)).isEqualTo(1);

    assertThat(reader.postJson(chat("/read"), Map.of()).status()).isEqualTo(204);
    assertThat(unread(reader)).isZero();
    post(owner, "three");
    assertThat(unread(reader)).isEqualTo(1);
    assertThat(unread(owner)).isEqualTo(1);
  }

  private long unread(ApiClient who) {
    Response answer = who.get(chat("/unread"));
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().get("unread").asLong();
  }

  @Test
  void markupArrivesAsTheTextItWas() {
    SocketProbe readerSocket = watching(reader);
    try {
      String markup = "<script>alert(1)</script><img src=x onerror=alert(2)> & https://x.org/?a=1";
      assertThat(post(owner, markup).status()).isEqualTo(201);
      assertThat(readerSocket.await("chat.message").get("text").asString()).isEqualTo(markup);
      assertThat(reader.get(chat("/messages")).json().get("messages").get(0).get("text").asString())
          .isEqualTo(markup);
    } finally {
      readerSocket.close();
    }
  }

  @Test
  void aNonMemberGets404ForEveryRouteAndHearsNothing() {
    ApiClient stranger = registered("Stranger");
    assertThat(stranger.get(chat("/messages")).status()).isEqualTo(404);
    assertThat(post(stranger, "hello").status()).isEqualTo(404);
    assertThat(stranger.postJson(chat("/read"), Map.of()).status()).isEqualTo(404);
    assertThat(stranger.get(chat("/unread")).status()).isEqualTo(404);

    SocketProbe socket =
        SocketProbe.open(url(), "", Map.of("Authorization", "Bearer " + token(stranger, "api")));
    try {
      socket.send(Map.of("type", "watch", "projectId", project));
      assertThat(socket.await("rejected").get("reason").asString()).isEqualTo("not-found");
      assertThat(post(owner, "private").status()).isEqualTo(201);
      socket.send(Map.of("type", "ping"));
      socket.await("pong");
      assertThat(socket.received).noneMatch(m -> m.path("type").asString().equals("chat.message"));
    } finally {
      socket.close();
    }
    assertThat(owner.get(chat("/messages")).json().get("messages")).hasSize(1);
  }

  @Test
  void aMemberRemovedWhileWatchingHearsNoMoreMessages() {
    SocketProbe readerSocket = watching(reader);
    try {
      String readerId = reader.get("/api/me").json().get("id").asString();
      assertThat(owner.delete("/api/projects/" + project + "/collaborators/" + readerId).status())
          .isEqualTo(204);
      assertThat(post(owner, "after you left").status()).isEqualTo(201);
      readerSocket.send(Map.of("type", "ping"));
      readerSocket.await("pong");
      assertThat(readerSocket.received)
          .noneMatch(m -> m.path("type").asString().equals("chat.message"));
      assertThat(reader.get(chat("/messages")).status()).isEqualTo(404);
    } finally {
      readerSocket.close();
    }
  }

  @Test
  void anAnonymousClientGets401() {
    ApiClient anonymous = new ApiClient(url());
    assertThat(anonymous.get(chat("/messages")).status()).isEqualTo(401);
    assertThat(anonymous.get(chat("/unread")).status()).isEqualTo(401);
    assertThat(post(anonymous, "hello").status()).isEqualTo(401);
    assertThat(anonymous.postJson(chat("/read"), Map.of()).status()).isEqualTo(401);
  }

  @Test
  void aMessageTooLongIsRefusedWith413() {
    Response refused = post(reader, "x".repeat(4001));
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.json().get("detail").asString()).contains("at most 4000 characters");
    assertThat(post(reader, "x".repeat(4000)).status()).isEqualTo(201);
  }

  @Test
  void anEmptyOrBlankMessageIsRefusedWith400() {
    for (String text : List.of("", "   \n\t")) {
      Response refused = post(owner, text);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().get("detail").asString()).contains("needs some text");
    }
    assertThat(owner.postJson(chat("/messages"), Map.of()).status()).isEqualTo(400);
    assertThat(owner.get(chat("/messages")).json().get("messages")).isEmpty();
  }

  @Test
  void postingTooFastIsRefusedWith429() {
    for (int i = 0; i < RATE; i++) {
      assertThat(post(reader, "quick " + i).status()).isEqualTo(201);
    }
    Response refused = post(reader, "one too many");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("detail").asString()).contains("too many chat messages");
    assertThat(refused.json().get("retryAfterSeconds").asLong()).isPositive();
    // the owner has a budget of their own
    assertThat(post(owner, "still fine").status()).isEqualTo(201);
  }

  @Test
  void aReadOnlyTokenReadsButNeitherPostsNorMarksRead() {
    ApiClient readOnly = new ApiClient(url()).withBearer(token(reader, "api:read"));
    assertThat(readOnly.get(chat("/messages")).status()).isEqualTo(200);
    assertThat(readOnly.get(chat("/unread")).status()).isEqualTo(200);
    assertThat(post(readOnly, "hello").status()).isEqualTo(403);
    assertThat(readOnly.postJson(chat("/read"), Map.of()).status()).isEqualTo(403);

    ApiClient gitOnly = new ApiClient(url()).withBearer(token(reader, "git"));
    assertThat(gitOnly.get(chat("/messages")).status()).isEqualTo(403);

    ApiClient full = new ApiClient(url()).withBearer(token(reader, "api"));
    assertThat(post(full, "hello").status()).isEqualTo(201);
  }
}
