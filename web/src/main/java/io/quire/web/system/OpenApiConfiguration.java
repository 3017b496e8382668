package io.quire.web.system;

import io.quire.web.account.SessionOnly;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * What the OpenAPI description at {@code /v3/api-docs} says beyond each controller's own
 * annotations, in one place: the two ways to authenticate and which of them each operation takes,
 * the problem-details schema of every refusal, and the refusals every operation shares (a bad
 * request, no credentials, a CSRF, scope or access refusal, an unknown id). The rules mirror {@link
 * SecurityConfiguration}, the token scopes of {@code BearerTokenFilter}, {@link SessionOnly} and
 * {@link ApiExceptionHandler}; {@code OpenApiDescriptionIT} checks them against the running server.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
  static final String BEARER = "bearerToken";
  static final String SESSION = "sessionCookie";
  static final String CSRF = "csrfHeader";
  static final String PROBLEM = "ProblemDetail";
  static final String PROBLEM_JSON = "application/problem+json";

  /** The extension by which {@link #quireSessionOnly()} marks an operation; removed afterwards. */
  private static final String SESSION_ONLY = "x-quire-session-only";

  /** Spring Session's cookie (the default name; web does not rename it). */
  static final String SESSION_COOKIE = "SESSION";

  /** Spring Security's cookie CSRF convention, as {@code csrf.spa()} sets it up. */
  static final String CSRF_HEADER = "X-XSRF-TOKEN";

  /** Operations anyone may call without credentials (and without a CSRF token: they are GETs). */
  static final Set<String> ANONYMOUS = Set.of("GET /api/auth/csrf");

  /**
   * Operations anyone may call; as state-changing calls they need the CSRF token. The e-mailed
   * links' operations are among them: their token is in the body (ADR 0025).
   */
  static final Set<String> SIGN_IN =
      Set.of(
          "POST /api/auth/register",
          "POST /api/auth/login",
          "POST /api/auth/password-reset",
          "POST /api/auth/password-reset/confirm",
          "POST /api/auth/verify-email");

  private static final Set<PathItem.HttpMethod> SAFE =
      Set.of(PathItem.HttpMethod.GET, PathItem.HttpMethod.HEAD, PathItem.HttpMethod.OPTIONS);

  /** The tags the controllers use, in the order a reader meets them. */
  private static final Map<String, String> TAGS = tags();

  @Bean
  OpenAPI quireOpenApi() {
    return new OpenAPI()
        // relative: the description holds for whatever address web is reached at
        .servers(List.of(new Server().url("/").description("This Quire server")))
        .info(
            new Info()
                .title("Quire HTTP API")
                .version("1")
                .description(
                    "The JSON API of Quire's web service, used by its pages, by scripts and by the"
                        + " tests. Errors are RFC 9457 problem details (application/problem+json)"
                        + " with a detail meant for a human. docs/api.md in the repository says"
                        + " the same in prose."))
        .tags(
            TAGS.entrySet().stream()
                .map(t -> new Tag().name(t.getKey()).description(t.getValue()))
                .toList())
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("qpat_ personal access token")
                        .description(
                            "A personal access token (POST /api/me/tokens) as `Authorization:"
                                + " Bearer qpat_...`. No CSRF token and no Origin check: a"
                                + " browser never adds this header by itself. An operation names"
                                + " the scope it needs: `api:read` for reads, `api` for changes,"
                                + " `admin` under /api/admin/ (ADR 0021); a token without it is"
                                + " refused with 403. Operations that hand out or change"
                                + " credentials take no token at all."))
                .addSecuritySchemes(
                    SESSION,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.COOKIE)
                        .name(SESSION_COOKIE)
                        .description(
                            "The session cookie set by POST /api/auth/login or /register (sessions"
                                + " live in Redis, so any web instance serves them)."))
                .addSecuritySchemes(
                    CSRF,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(CSRF_HEADER)
                        .description(
                            "State-changing calls without a bearer token echo the XSRF-TOKEN"
                                + " cookie in this header (GET /api/auth/csrf sets the cookie and"
                                + " returns its value) and must come from Quire's own Origin;"
                                + " otherwise 403.")));
  }

  /** Marks the operations that take no access token ({@link SessionOnly}) for the customizer. */
  @Bean
  OperationCustomizer quireSessionOnly() {
    return (operation, handler) -> {
      if (handler.hasMethodAnnotation(SessionOnly.class)
          || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), SessionOnly.class)) {
        operation.addExtension(SESSION_ONLY, true);
      }
      return operation;
    };
  }

  /** Security and shared refusals of every operation, after the controllers' annotations. */
  @Bean
  OpenApiCustomizer quireSecurityAndRefusals() {
    return openApi -> {
      // added here rather than with the schemes: springdoc drops schemas nothing refers to before
      // customizers run, and only this customizer refers to it
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      openApi.getComponents().addSchemas(PROBLEM, problemSchema());
      if (openApi.getPaths() == null) {
        return;
      }
      openApi
          .getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach((method, operation) -> describe(path, method, operation)));
    };
  }

  private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
    String key = method.name() + " " + path;
    boolean safe = SAFE.contains(method);
    boolean anonymous = ANONYMOUS.contains(key);
    boolean signIn = SIGN_IN.contains(key);
    boolean sessionOnly =
        operation.getExtensions() != null && operation.getExtensions().remove(SESSION_ONLY) != null;
    if (operation.getExtensions() != null && operation.getExtensions().isEmpty()) {
      operation.setExtensions(null);
    }
    boolean admin = path.startsWith("/api/admin/");
    String scope = admin ? "admin" : safe ? "api:read" : "api";
    SecurityRequirement session =
        safe
            ? new SecurityRequirement().addList(SESSION)
            : new SecurityRequirement().addList(SESSION).addList(CSRF);
    if (anonymous) {
      operation.setSecurity(new ArrayList<>());
    } else if (signIn) {
      operation.setSecurity(List.of(new SecurityRequirement().addList(CSRF)));
    } else if (sessionOnly) {
      operation.setSecurity(List.of(session));
    } else {
      // OpenAPI 3.1 lets a requirement of a non-OAuth scheme name roles: here the token's scope
      operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER, scope), session));
    }

    ApiResponses responses = operation.getResponses();
    if (responses == null) {
      responses = new ApiResponses();
      operation.setResponses(responses);
    }
    refusal(
        responses,
        "400",
        "Invalid request: a parameter or body this operation cannot take (the detail says which),"
            + " or a URL the firewall refuses (`..`, `//`, encoded slashes).");
    if (!anonymous && !signIn) {
      refusal(
          responses,
          "401",
          "Not signed in: neither a session nor a valid, unexpired access token.");
    }
    if (admin) {
      refusal(responses, "403", "The caller is not an administrator.");
    }
    if (sessionOnly) {
      also(responses, "403", "Access tokens cannot call this, whatever their scopes.");
    } else if (!anonymous && !signIn) {
      also(responses, "403", "An access token without the `" + scope + "` scope.");
    }
    if (!safe) {
      // a cookie session's CSRF and Origin checks refuse before anything else is looked at
      String csrf =
          "A cookie session sent no valid " + CSRF_HEADER + " header, or came from another Origin.";
      also(responses, "403", csrf);
    }
    if (path.startsWith("/api/projects/{id}")) {
      refusal(
          responses,
          "404",
          "There is no such project, or the caller has no access to it (the two are not told"
              + " apart, so project ids reveal nothing).");
    }
    // every refusal, the shared ones and those a controller declares, is problem details
    responses.forEach(
        (code, response) -> {
          if (code.startsWith("4") || code.startsWith("5")) {
            response.setContent(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
          }
        });
    // answers in status order, as a reader expects them
    Map<String, ApiResponse> sorted = new TreeMap<>(responses);
    responses.clear();
    responses.putAll(sorted);
  }

  private static void refusal(ApiResponses responses, String code, String description) {
    responses.putIfAbsent(code, new ApiResponse().description(description));
  }

  /** Adds a reason to a refusal, after any the operation gives itself. */
  private static void also(ApiResponses responses, String code, String reason) {
    ApiResponse response = responses.get(code);
    if (response == null) {
      refusal(responses, code, reason);
    } else if (!response.getDescription().contains(reason)) {
      response.setDescription(response.getDescription() + " " + reason);
    }
  }

  /** RFC 9457 problem details as ApiExceptionHandler and SecurityConfiguration write them. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Schema<?> problemSchema() {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put(
        "type",
        string("A URI reference naming the kind of problem; `about:blank` when the status says it")
            .format("uri-reference"));
    properties.put("title", string("A short summary of the kind of problem."));
    properties.put("status", typed("integer").description("The HTTP status code."));
    properties.put(
        "detail", string("What went wrong with this request, for a human; never a stack trace."));
    properties.put(
        "instance", string("The request path the problem occurred on.").format("uri-reference"));
    properties.put(
        "errors",
        typed("object")
            .description("Validation failures by field name, when the body failed validation.")
            .additionalProperties(typed("string")));
    properties.put(
        "retryAfterSeconds",
        new Schema<Integer>()
            .type("integer")
            .description("With 429: seconds until the next attempt may succeed."));
    Schema<?> schema =
        typed("object")
            .description(
                "RFC 9457 problem details. Some refusals add members of their own (such as the"
                    + " problems found in an upload, or an export's status).")
            .required(List.of("title", "status", "detail"));
    schema.setProperties((Map) properties);
    schema.setAdditionalProperties(true);
    return schema;
  }

  private static Schema<Object> string(String description) {
    return typed("string").description(description);
  }

  /** A schema of one JSON type, whichever OpenAPI version (3.0 {@code type}, 3.1 {@code types}). */
  private static Schema<Object> typed(String type) {
    Schema<Object> schema = new Schema<>();
    schema.setType(type);
    schema.addType(type);
    return schema;
  }

  private static Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Account", "Registration, sign-in and sign-out, the signed-in user, the CSRF token.");
    tags.put(
        "Access tokens", "Personal access tokens for scripts and git (the secret is shown once).");
    tags.put(
        "Projects",
        "Create (blank, from a zip, as a copy), list, settings, trash, delete, download.");
    tags.put("Files", "A project's files and folders by path; text files are editable documents.");
    tags.put("Compiles", "Compile requests, their state, stopping, the TeX images, output files.");
    tags.put(
        "Source tools",
        "SyncTeX, word count and chktex, answered by a compile-worker while the request waits.");
    tags.put("History", "Versions, diffs, labels, restores and version zips.");
    tags.put("Sharing", "Members, invitations, sharing links, ownership.");
    tags.put("Collaboration", "Tickets for the collaboration socket (/ws/collab).");
    tags.put("Administration", "Users, site settings and projects, for administrators only.");
    tags.put(
        "Queues",
        "The queue dashboard: job queues, dead letters, workers, audit log (administrators).");
    return tags;
  }
}
