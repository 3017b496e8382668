package io.quire.web.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quire.common.blob.Hashes;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Personal access token scopes and expiry (ADR 0021): what each scope lets a token do, what no
 * token can do whatever its scopes, how long a token lives by default, and tokens stored before
 * scopes existed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenScopesIT {
  /** Not the built-in 90 days, so the test proves the setting is read. */
  private static final int DEFAULT_DAYS = 45;

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.tokens.default-expiry-days", () -> DEFAULT_DAYS);
  }

  @LocalServerPort int port;
  @Autowired MongoDatabase database;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private ApiClient admin;
  private ApiClient user;

  @BeforeEach
  void signIn() {
    admin = client();
    assertThat(admin.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
    admin.putJson("/api/admin/settings", Map.of("registrationOpen", true));
    user = client();
    assertThat(
            user.register(
                    "tokens-" + UUID.randomUUID() + "@example.org", "a good long password", "T")
                .status())
        .isEqualTo(201);
  }

  private ApiClient client() {
    return new ApiClient("http://localhost:" + port);
  }

  private static Response create(ApiClient who, Map<String, Object> body) {
    return who.postJson("/api/me/tokens", body);
  }

  private static String token(ApiClient who, String... scopes) {
    Response created = create(who, Map.of("name", "t", "scopes", List.of(scopes)));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json().get("token").asString();
  }

  private ApiClient bearer(String token) {
    return client().withBearer(token);
  }

  @Test
  void aTokenWithoutScopesOrWithAnUnknownOneIsRefusedNamingTheValidScopes() {
    Response none = create(user, Map.of("name", "no scopes"));
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().get("detail").asString()).contains("git, api:read, api, admin");

    Response empty = create(user, Map.of("name", "empty", "scopes", List.of()));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().get("errors").get("scopes").asString()).contains("at least one scope");

    Response unknown = create(user, Map.of("name", "x", "scopes", List.of("git", "write")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("detail").asString())
        .contains("'write'")
        .contains("git, api:read, api, admin");
    assertThat(user.get("/api/me/tokens").json()).isEmpty();
  }

  @Test
  void aTokenExpiresAfterTheConfiguredDefaultAndNeverOnlyWhenAskedForExplicitly() {
    Response byDefault = create(user, Map.of("name", "default", "scopes", List.of("git")));
    assertThat(byDefault.status()).isEqualTo(201);
    assertThat(byDefault.json().get("scopes").get(0).asString()).isEqualTo("git");
    Instant expires = Instant.parse(byDefault.json().get("expires").asString());
    assertThat(expires)
        .isCloseTo(Instant.now().plus(Duration.ofDays(DEFAULT_DAYS)), within(1, ChronoUnit.HOURS));

    Response week =
        create(user, Map.of("name", "week", "scopes", List.of("api"), "expiresInDays", 7));
    assertThat(Instant.parse(week.json().get("expires").asString()))
        .isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.HOURS));

    Response never =
        create(user, Map.of("name", "never", "scopes", List.of("api"), "neverExpires", true));
    assertThat(never.status()).isEqualTo(201);
    assertThat(never.json().get("expires").isNull()).isTrue();

    Response both =
        create(
            user,
            Map.of(
                "name",
                "both",
                "scopes",
                List.of("api"),
                "neverExpires",
                true,
                "expiresInDays",
                3));
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().get("detail").asString()).contains("not both");

    Map<String, String> listed = new HashMap<>();
    user.get("/api/me/tokens")
        .json()
        .forEach(
            t ->
                listed.put(
                    t.get("name").asString(),
                    t.get("scopes").toString() + " " + t.get("expires").toString()));
    assertThat(listed).containsOnlyKeys("default", "week", "never");
    assertThat(listed.get("never")).isEqualTo("[\"api\"] null");
    assertThat(listed.get("default")).startsWith("[\"git\"] \"");
  }

  @Test
  void onlyAnAdministratorCreatesATokenWithTheAdminScope() {
    Response refused = create(user, Map.of("name", "admin", "scopes", List.of("admin")));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("detail").asString()).contains("Only an administrator");

    assertThat(create(admin, Map.of("name", "admin", "scopes", List.of("admin"))).status())
        .isEqualTo(201);
  }

  @Test
  void eachScopeAllowsOnlyItsRequests() {
    ApiClient reader = bearer(token(user, "api:read"));
    assertThat(reader.get("/api/projects").status()).isEqualTo(200);
    Response write = reader.postJson("/api/projects", Map.of("name", "From a reader"));
    assertThat(write.status()).isEqualTo(403);
    assertThat(write.json().get("detail").asString()).contains("needs the api scope");

    ApiClient api = bearer(token(user, "api"));
    assertThat(api.get("/api/projects").status()).isEqualTo(200);
    assertThat(api.postJson("/api/projects", Map.of("name", "From a script")).status())
        .isEqualTo(201);

    ApiClient git = bearer(token(user, "git"));
    Response gitOnApi = git.get("/api/projects");
    assertThat(gitOnApi.status()).isEqualTo(403);
    assertThat(gitOnApi.json().get("detail").asString()).contains("needs the api:read scope");

    ApiClient adminApi = bearer(token(admin, "api"));
    assertThat(adminApi.get("/api/projects").status()).isEqualTo(200);
    Response adminWithoutScope = adminApi.get("/api/admin/users");
    assertThat(adminWithoutScope.status()).isEqualTo(403);
    assertThat(adminWithoutScope.json().get("detail").asString()).contains("needs the admin scope");

    ApiClient adminOnly = bearer(token(admin, "admin"));
    assertThat(adminOnly.get("/api/admin/users").status()).isEqualTo(200);
    assertThat(adminOnly.get("/api/projects").status()).isEqualTo(403);
  }

  @Test
  void anAdminScopedTokenWorksOnlyWhileItsOwnerIsAnAdministrator() {
    ApiClient other = client();
    String email = "demoted-" + UUID.randomUUID() + "@example.org";
    Response created =
        admin.postJson(
            "/api/admin/users",
            Map.of("email", email, "password", "a good long password", "name", "D", "admin", true));
    assertThat(created.status()).isEqualTo(201);
    assertThat(other.login(email, "a good long password").status()).isEqualTo(200);
    ApiClient script = bearer(token(other, "admin"));
    assertThat(script.get("/api/admin/users").status()).isEqualTo(200);
    assertThat(script.get("/api/projects").status()).as("admin is not api").isEqualTo(403);

    database
        .getCollection("users")
        .updateOne(Filters.eq("email", email), Updates.set("role", "USER"));

    assertThat(script.get("/api/admin/users").status()).isEqualTo(403);
  }

  /** Every endpoint marked {@link SessionOnly}, by method and path. */
  private Set<String> sessionOnlyEndpoints() {
    Set<String> found = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              if (SessionOnlyEnforcement.isSessionOnly((HandlerMethod) method)) {
                info.getMethodsCondition()
                    .getMethods()
                    .forEach(
                        m -> info.getPatternValues().forEach(p -> found.add(m.name() + " " + p)));
              }
            });
    return found;
  }

  @Test
  void noTokenManagesTokensOrChangesThePasswordWhateverItsScopes() {
    Set<String> endpoints = sessionOnlyEndpoints();
    assertThat(endpoints)
        .containsExactlyInAnyOrder(
            "POST /api/me/tokens",
            "GET /api/me/tokens",
            "DELETE /api/me/tokens/{tokenId}",
            "POST /api/me/password");

    String adminTokenId =
        create(admin, Map.of("name", "victim", "scopes", List.of("git")))
            .json()
            .get("id")
            .asString();
    String everything = token(admin, "git", "api:read", "api", "admin");
    String legacy = insertLegacyToken(adminId()).secret();
    for (String secret : List.of(everything, legacy)) {
      ApiClient script = bearer(secret);
      for (String endpoint : endpoints) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path =
            endpoint.substring(endpoint.indexOf(' ') + 1).replace("{tokenId}", adminTokenId);
        Response answer =
            switch (method) {
              case "GET" -> script.get(path);
              case "DELETE" -> script.delete(path);
              default ->
                  script.postJson(
                      path,
                      Map.of(
                          "name", "minted",
                          "scopes", List.of("api"),
                          "neverExpires", true,
                          "currentPassword", "admin-password-1",
                          "newPassword", "a brand new password"));
            };
        assertThat(answer.status()).as(endpoint + ": " + answer.text()).isEqualTo(403);
        assertThat(answer.json().get("detail").asString()).contains("Access tokens cannot do this");
      }
    }
    // nothing happened: the victim token is still there, nothing was minted, the password holds
    assertThat(admin.get("/api/me/tokens").text()).contains(adminTokenId).doesNotContain("minted");
    assertThat(client().login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
  }

  private String adminId() {
    return admin.get("/api/me").json().get("id").asString();
  }

  private record Legacy(String id, String secret) {}

  /** A token stored the way Quire stored them before scopes: no scopes, no expiry. */
  private Legacy insertLegacyToken(String userId) {
    String secret = "qpat_legacy" + UUID.randomUUID().toString().replace("-", "");
    ObjectId id = new ObjectId();
    database
        .getCollection("tokens")
        .insertOne(
            new Document("_id", id)
                .append("userId", userId)
                .append("name", "from before scopes")
                .append("hash", Hashes.sha256(secret))
                .append("prefix", secret.substring(0, 9))
                .append("created", Date.from(Instant.now().minus(Duration.ofDays(400))))
                .append("expires", null));
    return new Legacy(id.toHexString(), secret);
  }

  @Test
  void aTokenStoredBeforeScopesKeepsItsReachUntilRevoked() {
    Legacy stored = insertLegacyToken(adminId());
    ApiClient legacy = bearer(stored.secret());

    assertThat(legacy.get("/api/projects").status()).isEqualTo(200);
    assertThat(legacy.postJson("/api/projects", Map.of("name", "Old script")).status())
        .isEqualTo(201);
    assertThat(legacy.get("/api/admin/users").status()).isEqualTo(200);

    var listed = new java.util.ArrayList<tools.jackson.databind.JsonNode>();
    admin.get("/api/me/tokens").json().forEach(listed::add);
    var shown =
        listed.stream().filter(t -> t.get("id").asString().equals(stored.id())).findFirst().get();
    assertThat(shown.get("legacy").asBoolean()).isTrue();
    assertThat(shown.get("expires").isNull()).isTrue();
    assertThat(admin.delete("/api/me/tokens/" + stored.id()).status()).isEqualTo(204);

    assertThat(legacy.get("/api/projects").status()).isEqualTo(401);
  }

  @Test
  void aLegacyTokenOfAnOrdinaryUserStillReachesNoAdminEndpoint() {
    String userId = user.get("/api/me").json().get("id").asString();
    ApiClient legacy = bearer(insertLegacyToken(userId).secret());

    assertThat(legacy.get("/api/projects").status()).isEqualTo(200);
    assertThat(legacy.get("/api/admin/users").status()).isEqualTo(403);
  }

  @Test
  void anExpiredTokenIsRefused() {
    Response created = create(user, Map.of("name", "short", "scopes", List.of("api")));
    ApiClient script = bearer(created.json().get("token").asString());
    assertThat(script.get("/api/me").status()).isEqualTo(200);

    database
        .getCollection("tokens")
        .updateOne(
            Filters.eq("_id", new ObjectId(created.json().get("id").asString())),
            Updates.set("expires", Date.from(Instant.now().minusSeconds(1))));

    Response refused = script.get("/api/me");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("detail").asString()).contains("expired");
  }
}
