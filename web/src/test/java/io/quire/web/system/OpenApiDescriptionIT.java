package io.quire.web.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description as the running web serves it at {@code /v3/api-docs}: written to {@code
 * target/openapi.json} (where {@code ./quire test} lints it with Redocly) and checked for what a
 * client needs: a summary per operation, the two ways to authenticate, and the problem details of
 * every refusal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDescriptionIT {
  /** Where {@code ./quire test} finds the description to lint. */
  static final Path OUTPUT = Path.of("target", "openapi.json");

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  /** Operations anyone may call, without a session or a token. */
  private static final Set<String> PUBLIC =
      Set.of(
          "POST /api/auth/register",
          "POST /api/auth/login",
          "GET /api/auth/csrf",
          "POST /api/auth/password-reset",
          "POST /api/auth/password-reset/confirm",
          "POST /api/auth/verify-email");

  /** Of those, the ones that change state and so still need the CSRF token. */
  private static final Set<String> PUBLIC_WITH_CSRF =
      Set.of(
          "POST /api/auth/register",
          "POST /api/auth/login",
          "POST /api/auth/password-reset",
          "POST /api/auth/password-reset/confirm",
          "POST /api/auth/verify-email");

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private JsonNode description;

  @BeforeEach
  void fetchAndWrite() throws IOException {
    Response docs = new ApiClient("http://localhost:" + port).get("/v3/api-docs");
    assertThat(docs.status()).as(docs.text()).isEqualTo(200);
    Files.createDirectories(OUTPUT.getParent());
    Files.write(OUTPUT, docs.body());
    description = docs.json();
  }

  @Test
  void everyOperationHasASummaryAndAnId() {
    List<String> missing = new ArrayList<>();
    operations()
        .forEach(
            (name, op) -> {
              if (op.path("summary").asString("").isBlank()
                  || op.path("operationId").asString("").isBlank()) {
                missing.add(name);
              }
            });

    assertThat(operations()).hasSizeGreaterThan(60);
    assertThat(missing).as("operations without a summary or an operationId").isEmpty();
  }

  @Test
  void bothWaysToAuthenticateAreDeclaredAsTheServerReallyNamesThem() {
    JsonNode schemes = description.path("components").path("securitySchemes");

    JsonNode bearer = schemes.path("bearerToken");
    assertThat(bearer.path("type").asString("")).isEqualTo("http");
    assertThat(bearer.path("scheme").asString("")).isEqualTo("bearer");

    JsonNode csrf = schemes.path("csrfHeader");
    assertThat(csrf.path("type").asString("")).isEqualTo("apiKey");
    assertThat(csrf.path("in").asString("")).isEqualTo("header");
    ApiClient browser = new ApiClient("http://localhost:" + port);
    JsonNode handedOut = browser.get("/api/auth/csrf").json();
    assertThat(csrf.path("name").asString("")).isEqualTo(handedOut.path("headerName").asString());

    JsonNode session = schemes.path("sessionCookie");
    assertThat(session.path("type").asString("")).isEqualTo("apiKey");
    assertThat(session.path("in").asString("")).isEqualTo("cookie");
    Response registered =
        browser.register(
            "openapi-" + UUID.randomUUID() + "@example.org", "correct horse battery", "Ada");
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    List<String> setCookies =
        registered.headers().entrySet().stream()
            .filter(header -> header.getKey().equalsIgnoreCase("Set-Cookie"))
            .flatMap(header -> header.getValue().stream())
            .toList();
    assertThat(setCookies)
        .as("the session cookie that signing up sets")
        .anyMatch(cookie -> cookie.startsWith(session.path("name").asString("?") + "="));
  }

  @Test
  void everyOperationSaysHowItIsCalled() {
    List<String> wrong = new ArrayList<>();
    operations()
        .forEach(
            (name, op) -> {
              JsonNode security = op.path("security");
              Set<String> schemes = new java.util.TreeSet<>();
              security.forEach(requirement -> requirement.propertyNames().forEach(schemes::add));
              boolean unsafe = !name.startsWith("GET ");
              if (PUBLIC_WITH_CSRF.contains(name)) {
                if (!schemes.equals(Set.of("csrfHeader"))) {
                  wrong.add(name + " should need only the CSRF header: " + security);
                }
              } else if (PUBLIC.contains(name)) {
                // no requirement at all: callable without credentials
                if (!security.isArray() || !security.isEmpty()) {
                  wrong.add(name + " should be callable without credentials: " + security);
                }
              } else if (!schemes.contains("sessionCookie")) {
                wrong.add(name + " lacks the session cookie: " + security);
              } else if (schemes.contains("bearerToken") && bearerScopes(security).size() != 1) {
                wrong.add(name + " should name the one scope a token needs: " + security);
              } else if (unsafe && !sessionRequiresCsrf(security)) {
                wrong.add(name + " changes state but its cookie session lacks the CSRF header");
              }
            });

    assertThat(wrong).isEmpty();
  }

  @Test
  void theServerRefusesCallersAsTheDescriptionSays() throws Exception {
    ApiClient anonymous = new ApiClient("http://localhost:" + port);
    ApiClient member = new ApiClient("http://localhost:" + port);
    Response registered =
        member.register(
            "openapi-" + UUID.randomUUID() + "@example.org", "correct horse battery", "Ada");
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    Map<String, String> session = member.credentials();
    HttpClient http = HttpClient.newHttpClient();
    Response created =
        member.postJson("/api/me/tokens", Map.of("name", "reader", "scopes", List.of("api:read")));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    ApiClient reader =
        new ApiClient("http://localhost:" + port)
            .withBearer(created.json().get("token").asString());

    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, JsonNode> operation : operations().entrySet()) {
      String method = operation.getKey().substring(0, operation.getKey().indexOf(' '));
      String path = operation.getKey().substring(method.length() + 1).replaceAll("\\{[^}]+}", "x");
      JsonNode security = operation.getValue().path("security");
      boolean needsCredentials = needsCredentials(security);

      // with the CSRF token and our Origin, but signed in neither by session nor by token
      int status = send(anonymous, method, path);
      if (needsCredentials != (status == 401)) {
        wrong.add(operation.getKey() + " answered an anonymous caller " + status);
      }
      // a token with the api:read scope only: refused (403) unless the description offers it
      if (needsCredentials) {
        boolean offered = bearerScopes(security).equals(Set.of("api:read"));
        int byReader = send(reader, method, path);
        if (offered == (byReader == 403) || byReader == 401) {
          wrong.add(operation.getKey() + " answered an api:read token " + byReader);
        }
      }
      // a signed-in cookie session without the CSRF header, where the description demands it
      if (needsCredentials && !method.equals("GET") && !sessionRequiresCsrf(security)) {
        wrong.add(operation.getKey() + " lets a cookie session change state without CSRF header");
      } else if (needsCredentials && !method.equals("GET")) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Cookie", session.get("Cookie"))
                .header("Origin", session.get("Origin"))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        int withoutCsrf =
            http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (withoutCsrf != 403) {
          wrong.add(operation.getKey() + " answered a session without CSRF header " + withoutCsrf);
        }
      }
    }

    assertThat(wrong).isEmpty();
  }

  private static int send(ApiClient client, String method, String path) {
    return switch (method) {
      case "GET" -> client.get(path).status();
      case "POST" -> client.postJson(path, Map.of()).status();
      case "PUT" -> client.putJson(path, Map.of()).status();
      case "PATCH" -> client.patchJson(path, Map.of()).status();
      case "DELETE" -> client.delete(path).status();
      default -> throw new IllegalArgumentException(method);
    };
  }

  @Test
  void everyRefusalIsDescribedAsProblemDetails() {
    JsonNode problem = description.path("components").path("schemas").path("ProblemDetail");
    assertThat(problem.path("properties").propertyNames())
        .contains("type", "title", "status", "detail", "instance");

    List<String> wrong = new ArrayList<>();
    operations()
        .forEach(
            (name, op) -> {
              JsonNode responses = op.path("responses");
              List<String> codes = new ArrayList<>(responses.propertyNames());
              if (codes.stream().noneMatch(code -> code.startsWith("4"))) {
                wrong.add(name + " describes no 4xx response");
              }
              if (codes.stream().noneMatch(code -> code.startsWith("2") || code.startsWith("3"))) {
                wrong.add(name + " describes no success");
              }
              for (String code : codes) {
                if (!code.startsWith("4") && !code.startsWith("5")) {
                  continue;
                }
                JsonNode schema =
                    responses.path(code).path("content").path("application/problem+json");
                if (!schema.path("schema").path("$ref").asString("").endsWith("/ProblemDetail")) {
                  wrong.add(name + " " + code + " is not application/problem+json ProblemDetail");
                }
              }
              if (!PUBLIC.contains(name) && !responses.has("401")) {
                wrong.add(name + " does not describe the 401 of a caller who is not signed in");
              }
            });

    assertThat(wrong).isEmpty();
  }

  private Map<String, JsonNode> operations() {
    Map<String, JsonNode> operations = new java.util.TreeMap<>();
    description
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        method -> {
                          if (METHODS.contains(method.getKey())) {
                            operations.put(
                                method.getKey().toUpperCase() + " " + path.getKey(),
                                method.getValue());
                          }
                        }));
    return operations;
  }

  /**
   * Whether the description says a caller must be signed in: every way it offers includes the
   * bearer token or the session cookie (none is empty, none is the CSRF header alone).
   */
  private static boolean needsCredentials(JsonNode security) {
    if (!security.isArray() || security.isEmpty()) {
      return false;
    }
    for (JsonNode requirement : security) {
      if (!requirement.has("bearerToken") && !requirement.has("sessionCookie")) {
        return false;
      }
    }
    return true;
  }

  /** The scopes the description names for the bearer token (none when it takes no token). */
  private static Set<String> bearerScopes(JsonNode security) {
    Set<String> scopes = new java.util.TreeSet<>();
    for (JsonNode requirement : security) {
      requirement.path("bearerToken").forEach(scope -> scopes.add(scope.asString()));
    }
    return scopes;
  }

  /** The cookie session is offered only together with the CSRF header (one requirement). */
  private static boolean sessionRequiresCsrf(JsonNode security) {
    for (JsonNode requirement : security) {
      if (requirement.has("sessionCookie") && !requirement.has("csrfHeader")) {
        return false;
      }
    }
    return true;
  }
}
