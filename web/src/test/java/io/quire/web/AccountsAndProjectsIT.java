package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountsAndProjectsIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private ApiClient alice;
  private String email;

  @BeforeEach
  void registerAlice() {
    alice = new ApiClient("http://localhost:" + port);
    email = "alice-" + UUID.randomUUID() + "@example.org";
    Response registered = alice.register(email, "correct horse battery", "Alice");
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
  }

  @Test
  void aRegisteredUserIsSignedInAndSeesHerself() {
    Response me = alice.get("/api/me");

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("email").asString()).isEqualTo(email);
  }

  @Test
  void registeringTheSameAddressTwiceIsAConflictWithAMessage() {
    Response again =
        new ApiClient(alice.baseUrl()).register(email.toUpperCase(), "another good one", "A");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("detail").asString()).contains("already exists");
  }

  @Test
  void aWeakPasswordIsRefusedWithAMessage() {
    Response weak =
        new ApiClient(alice.baseUrl())
            .register("bob-" + UUID.randomUUID() + "@x.org", "password", "Bob");

    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.json().get("detail").asString()).contains("too easy");
  }

  @Test
  void malformedJsonIsABadRequestWithoutAStackTrace() {
    Response bad = alice.postRaw("/api/projects", "application/json", "{\"name\":".getBytes());

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text()).contains("not valid JSON").doesNotContain("Exception");
  }

  @Test
  void aCookieRequestWithoutTheCsrfTokenIsRefused() {
    ApiClient stranger = new ApiClient(alice.baseUrl());
    stranger.login(email, "correct horse battery");

    Response forged =
        stranger.withOrigin("https://evil.example").postJson("/api/projects", Map.of("name", "x"));

    assertThat(forged.status()).isEqualTo(403);
  }

  @Test
  void aPersonalAccessTokenAuthenticatesApiCallsUntilRevoked() {
    Response created =
        alice.postJson("/api/me/tokens", Map.of("name", "laptop", "scopes", List.of("api")));
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().get("token").asString();
    String tokenId = created.json().get("id").asString();
    ApiClient script = new ApiClient(alice.baseUrl()).withBearer(token);

    assertThat(script.postJson("/api/projects", Map.of("name", "From a script")).status())
        .isEqualTo(201);

    assertThat(alice.delete("/api/me/tokens/" + tokenId).status()).isEqualTo(204);
    Response afterRevoke = script.get("/api/projects");
    assertThat(afterRevoke.status()).isEqualTo(401);
  }

  @Test
  void filesWrittenByPathAreReadBackAndTextBecomesADocument() {
    String id =
        alice.postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();

    assertThat(
            alice
                .put("/api/projects/" + id + "/files/chapters/intro.tex", "\\section{Intro}")
                .status())
        .isEqualTo(201);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
    assertThat(alice.put("/api/projects/" + id + "/files/figures/a.png", png).status())
        .isEqualTo(201);

    Response intro = alice.get("/api/projects/" + id + "/files/chapters/intro.tex");
    assertThat(intro.text()).isEqualTo("\\section{Intro}");
    assertThat(intro.header("X-Quire-Kind")).contains("doc");
    Response figure = alice.get("/api/projects/" + id + "/files/figures/a.png");
    assertThat(figure.body()).isEqualTo(png);
    assertThat(figure.header("X-Quire-Kind")).contains("file");
    Response tree = alice.get("/api/projects/" + id + "/tree");
    assertThat(tree.text()).contains("\"chapters\"").contains("main.tex").contains("figures/a.png");
    assertThat(tree.json().get("maxUploadBytes").asLong()).isEqualTo(50L * 1024 * 1024);
  }

  @Test
  void aFilePutWithAnyContentTypeKeepsItsExactBytes() {
    String id = alice.postJson("/api/projects", Map.of("name", "Curl")).json().get("id").asString();
    String text = "\\documentclass{article}\n\\begin{document}a=b&c=d\n\\end{document}\n";

    for (String type :
        List.of("application/x-www-form-urlencoded", "text/plain", "application/json")) {
      assertThat(
              alice
                  .put(
                      "/api/projects/" + id + "/files/main.tex",
                      (text + type).getBytes(StandardCharsets.UTF_8),
                      type)
                  .status())
          .as(type)
          .isIn(201, 204);
      assertThat(alice.get("/api/projects/" + id + "/files/main.tex").text())
          .as(type)
          .isEqualTo(text + type);
    }
  }

  @Test
  void aFileAskedForWithItsETagIsNotSentAgainUntilItChanges() {
    String id =
        alice.postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();
    String path = "/api/projects/" + id + "/files/refs.tex";
    alice.put(path, "\\label{one}");
    Response first = alice.get(path);
    String etag = first.header("ETag").orElseThrow();

    Response unchanged = alice.get(path, Map.of("If-None-Match", etag));
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();

    alice.put(path, "\\label{one}\\label{two}");
    Response changed = alice.get(path, Map.of("If-None-Match", etag));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.text()).isEqualTo("\\label{one}\\label{two}");
    assertThat(changed.header("ETag")).isPresent().get().isNotEqualTo(etag);

    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
    String figure = "/api/projects/" + id + "/files/a.png";
    alice.put(figure, png);
    String figureTag = alice.get(figure).header("ETag").orElseThrow();
    assertThat(alice.get(figure, Map.of("If-None-Match", figureTag)).status()).isEqualTo(304);
  }

  @Test
  void aPathThatTriesToLeaveTheProjectIsRefusedAndChangesNothing() {
    String id =
        alice.postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();
    long before = alice.get("/api/projects/" + id + "/tree").json().get("treeVersion").asLong();

    Response bad = alice.put("/api/projects/" + id + "/files/a/../../etc/passwd", "x");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("detail").asString()).contains("Invalid path");
    assertThat(alice.get("/api/projects/" + id + "/tree").json().get("treeVersion").asLong())
        .isEqualTo(before);
  }

  @Test
  void invalidUtf8WithATextExtensionIsKeptAsABinaryFile() {
    String id =
        alice.postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();
    byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);

    alice.put("/api/projects/" + id + "/files/notes.tex", latin1);

    Response read = alice.get("/api/projects/" + id + "/files/notes.tex");
    assertThat(read.body()).isEqualTo(latin1);
    assertThat(read.header("X-Quire-Kind")).contains("file");
  }

  @Test
  void anotherUserCannotSeeAProject() {
    String id =
        alice.postJson("/api/projects", Map.of("name", "Secret")).json().get("id").asString();
    ApiClient mallory = new ApiClient(alice.baseUrl());
    mallory.register("mallory-" + UUID.randomUUID() + "@x.org", "another strong one", "Mallory");

    assertThat(mallory.get("/api/projects/" + id).status()).isEqualTo(404);
    assertThat(mallory.put("/api/projects/" + id + "/files/x.tex", "x").status()).isEqualTo(404);
  }

  @Test
  void theApiDescriptionIsServedAsOpenApi() {
    Response docs = new ApiClient(alice.baseUrl()).get("/v3/api-docs");

    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.text()).contains("\"openapi\"").contains("/api/projects/{id}/compile");
  }

  @Test
  void aFileUploadedLikeABrowserFormLandsInTheChosenFolder() {
    String id =
        alice.postJson("/api/projects", Map.of("name", "Upload")).json().get("id").asString();
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 9, 9};

    Response uploaded =
        alice.postMultipart(
            "/api/projects/" + id + "/upload", "file", "logo.png", png, Map.of("folder", "images"));

    assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
    assertThat(uploaded.json().get("path").asString()).isEqualTo("images/logo.png");
    assertThat(alice.get("/api/projects/" + id + "/files/images/logo.png").body()).isEqualTo(png);
    Response traversal =
        alice.postMultipart(
            "/api/projects/" + id + "/upload",
            "file",
            "x.tex",
            "x".getBytes(),
            Map.of("folder", "../.."));
    assertThat(traversal.status()).isEqualTo(400);
  }

  @Test
  void concurrentRenamesAndCreationsByTwoUsersAreAllKept() throws Exception {
    String id = alice.postJson("/api/projects", Map.of("name", "Busy")).json().get("id").asString();
    ApiClient bob = new ApiClient(alice.baseUrl());
    String bobEmail = "bob-" + UUID.randomUUID() + "@example.org";
    bob.register(bobEmail, "another strong one", "Bob");
    assertThat(
            bob.acceptInvitation(
                    alice.postJson(
                        "/api/projects/" + id + "/collaborators",
                        Map.of("email", bobEmail, "access", "readWrite")))
                .status())
        .isEqualTo(200);
    for (int i = 0; i < 12; i++) {
      alice.put("/api/projects/" + id + "/files/old-" + i + ".tex", "file " + i);
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<Response>> results = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ApiClient who = i % 2 == 0 ? alice : bob;
      int n = i;
      results.add(
          pool.submit(
              () ->
                  who.postJson(
                      "/api/projects/" + id + "/move",
                      Map.of("from", "old-" + n + ".tex", "to", "moved/new-" + n + ".tex"))));
      results.add(
          pool.submit(() -> who.put("/api/projects/" + id + "/files/added-" + n + ".tex", "x")));
    }
    for (var result : results) {
      assertThat(result.get().status()).as(result.get().text()).isLessThan(300);
    }
    pool.shutdown();

    String tree = alice.get("/api/projects/" + id + "/tree").text();
    for (int i = 0; i < 12; i++) {
      assertThat(tree).contains("moved/new-" + i + ".tex").contains("added-" + i + ".tex");
      assertThat(tree).doesNotContain("\"old-" + i + ".tex\"");
    }
  }

  @Test
  void theTokenHandedOutByTheCsrfEndpointWorksInTheHeader() throws Exception {
    var cookies = new java.net.CookieManager();
    var http = java.net.http.HttpClient.newBuilder().cookieHandler(cookies).build();
    var csrf =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(alice.baseUrl() + "/api/auth/csrf"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    String token =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(csrf.body())
            .get("token")
            .asString();

    var login =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(alice.baseUrl() + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", token)
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
  }
}
