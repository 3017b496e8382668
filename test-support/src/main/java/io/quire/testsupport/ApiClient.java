package io.quire.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of Quire's HTTP API as a browser or script uses it: a cookie session that echoes the
 * XSRF-TOKEN cookie, or a bearer token.
 */
public final class ApiClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String baseUrl;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;
  private String bearer;
  private String origin;
  private final Map<String, String> extraHeaders = new java.util.LinkedHashMap<>();

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
    this.origin = baseUrl;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** A response with helpers for JSON bodies. */
  public record Response(int status, Map<String, java.util.List<String>> headers, byte[] body) {
    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }
  }

  public ApiClient withBearer(String token) {
    this.bearer = token;
    return this;
  }

  /** Pretends requests come from another site, for CSRF tests. */
  public ApiClient withOrigin(String origin) {
    this.origin = origin;
    return this;
  }

  /** Adds a header to every request, e.g. {@code X-Forwarded-Proto} as a proxy would. */
  public ApiClient withHeader(String name, String value) {
    extraHeaders.put(name, value);
    return this;
  }

  /** Posts {@code multipart/form-data} with one file part and plain fields. */
  public Response postMultipart(
      String path, String field, String fileName, byte[] content, Map<String, String> fields) {
    String boundary = "----quire" + java.util.UUID.randomUUID();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    java.util.function.Consumer<String> text =
        t -> body.writeBytes(t.getBytes(StandardCharsets.UTF_8));
    fields.forEach(
        (name, value) ->
            text.accept(
                "--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + name
                    + "\"\r\n\r\n"
                    + value
                    + "\r\n"));
    text.accept(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + field
            + "\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    body.writeBytes(content);
    text.accept("\r\n--" + boundary + "--\r\n");
    return postRaw(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The headers that authenticate a state-changing request of this client (session cookie, CSRF
   * token and Origin, or the bearer token), for tests that write requests by hand.
   */
  public Map<String, String> credentials() {
    if (bearer == null && xsrfToken().isEmpty()) {
      get("/api/auth/csrf");
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (bearer != null) {
      headers.put("Authorization", "Bearer " + bearer);
      return headers;
    }
    headers.put(
        "Cookie",
        cookies.getCookieStore().getCookies().stream()
            .map(c -> c.getName() + "=" + c.getValue())
            .collect(java.util.stream.Collectors.joining("; ")));
    xsrfToken().ifPresent(token -> headers.put("X-XSRF-TOKEN", token));
    if (origin != null) {
      headers.put("Origin", origin);
    }
    return headers;
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response get(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path).GET();
    headers.forEach(builder::header);
    return send(builder);
  }

  public Response postJson(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
  }

  public Response postRaw(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public Response patchJson(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(toJson(body))));
  }

  public Response putJson(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
  }

  public Response put(String path, byte[] body) {
    return put(path, body, "application/octet-stream");
  }

  /** A PUT with any Content-Type, as scripts send them ({@code curl --data-binary} says form). */
  public Response put(String path, byte[] body, String contentType) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public Response put(String path, String text) {
    return put(path, text.getBytes(StandardCharsets.UTF_8));
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  /** Registers and signs in (the session cookie is kept). */
  public Response register(String email, String password, String name) {
    return postJson(
        "/api/auth/register", Map.of("email", email, "password", password, "name", name));
  }

  public Response login(String email, String password) {
    return postJson("/api/auth/login", Map.of("email", email, "password", password));
  }

  /**
   * Accepts an invitation as this client's user, with the secret from the inviter's answer to
   * {@code POST /api/projects/{id}/collaborators}, as the invited person's browser does with the
   * link.
   */
  public Response acceptInvitation(Response invited) {
    JsonNode answer = invited.json();
    return postJson(
        "/api/invites/" + answer.path("inviteId").asString("") + "/accept",
        Map.of("token", answer.path("token").asString("")));
  }

  private HttpRequest.Builder request(String path) {
    if (bearer == null && xsrfToken().isEmpty() && !path.equals("/api/auth/csrf")) {
      get("/api/auth/csrf");
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5));
    extraHeaders.forEach(builder::header);
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    } else {
      xsrfToken().ifPresent(token -> builder.header("X-XSRF-TOKEN", token));
      if (origin != null) {
        builder.header("Origin", origin);
      }
    }
    return builder;
  }

  private Optional<String> xsrfToken() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  private Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<byte[]> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String toJson(Object body) {
    return body instanceof String s ? s : JSON.writeValueAsString(body);
  }
}
