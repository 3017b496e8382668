package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.system.AccessMatrix.Expect;
import io.quire.system.AccessMatrix.Principal;
import io.quire.system.AccessMatrix.Probe;
import io.quire.system.AccessMatrix.Role;
import io.quire.system.AccessMatrix.Row;
import io.quire.system.AccessMatrixWorld.Project;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Every endpoint of web (its controllers, the actuator, the API description, the pages, the git
 * bridge and the collaboration socket) called by every principal: each role of {@link
 * AccessMatrix.Role} with a session and with a token, signed out, and a revoked token. An allowed
 * call must succeed (its row's status, with a valid request); a refused one gets the status the
 * rules give ({@link AccessMatrix#expected}) and changes nothing; no call gets a server error.
 *
 * <p>The rows are {@link AccessMatrixRows}; the endpoints are read from web's handler mappings and
 * servlet registrations when the test starts, and an endpoint without a row fails {@link
 * #everyEndpointOfWebHasARow}, so a new endpoint cannot be added unnoticed. The whole matrix, with
 * what each cell answered, is written to {@code target/access-matrix.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessMatrixIT {
  private static AccessMatrixWorld world;
  private static final Map<String, Map<String, String>> ANSWERS = new ConcurrentHashMap<>();
  private static Instant started;

  @BeforeAll
  static void startTheWorld() throws Exception {
    started = Instant.now();
    world =
        AccessMatrixWorld.start(
            Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "matrix-"));
  }

  @AfterAll
  static void stopTheWorld() throws IOException {
    if (world != null) {
      world.close();
    }
    writeTheMatrix();
  }

  /** What one cell has to work with. */
  static final class Cell {
    final AccessMatrixWorld world;
    final Row row;
    final Principal principal;
    final ApiClient client;
    final Project project;
    final Expect expect;
    private final Map<String, String> vars = new HashMap<>();

    Cell(
        AccessMatrixWorld world,
        Row row,
        Principal principal,
        ApiClient client,
        Project project,
        Expect expect) {
      this.world = world;
      this.row = row;
      this.principal = principal;
      this.client = client;
      this.project = project;
      this.expect = expect;
    }

    /** A path under the cell's project, {@code /api/projects/{id}} followed by {@code rest}. */
    String p(String rest) {
      return "/api/projects/" + project.id() + rest;
    }

    String id() {
      return project.id();
    }

    void set(String name, String value) {
      vars.put(name, value);
    }

    String get(String name) {
      String value = vars.get(name);
      if (value == null) {
        throw new IllegalStateException("the cell prepared no " + name);
      }
      return value;
    }

    /** The principal's account, or null when it has none. */
    AccessMatrixWorld.Account account() {
      return world.account(principal.role());
    }

    /** Whether the principal's account may still do things, so it can prepare them. */
    boolean active() {
      return world.active(principal.role());
    }
  }

  @Test
  @Order(1)
  void everyEndpointOfWebHasARow() {
    Set<String> endpoints = endpointsOf(world.stack.web());
    Set<String> rows =
        AccessMatrixRows.rows().stream().map(Row::endpoint).collect(Collectors.toSet());

    assertThat(endpoints).as("web's endpoints, read from its handler mappings").isNotEmpty();
    assertThat(new TreeSet<>(rows))
        .as("every endpoint of web needs a row in AccessMatrixRows: those without one")
        .containsAll(endpoints);
    assertThat(new TreeSet<>(endpoints))
        .as("every row is an endpoint of web: rows for endpoints that do not exist")
        .containsAll(rows);
  }

  /**
   * Web's endpoints as {@code METHOD pattern}: every request mapping (controllers, the actuator,
   * the API description, the error page), every URL mapping (the socket, static files) and every
   * servlet besides Spring MVC's own (the git bridge).
   */
  static Set<String> endpointsOf(ConfigurableApplicationContext web) {
    return rawEndpointsOf(web).stream()
        .map(endpoint -> VERSION.matcher(endpoint).replaceAll("/{version}/"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** A version in a path (a webjar's), which a row names {@code {version}}. */
  private static final Pattern VERSION = Pattern.compile("/\\d+(?:\\.\\d+)+/");

  /** The version of the API browser's webjar, as its mapping names it. */
  static String swaggerUiVersion(ConfigurableApplicationContext web) {
    return rawEndpointsOf(web).stream()
        .map(Pattern.compile("/webjars/\\*swagger-ui/(\\d+(?:\\.\\d+)+)/")::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no versioned swagger-ui mapping"));
  }

  private static Set<String> rawEndpointsOf(ConfigurableApplicationContext web) {
    Set<String> endpoints = new TreeSet<>();
    for (HandlerMapping mapping : web.getBeansOfType(HandlerMapping.class).values()) {
      if (mapping instanceof RequestMappingInfoHandlerMapping requestMappings) {
        for (RequestMappingInfo info : requestMappings.getHandlerMethods().keySet()) {
          endpoints.addAll(keys(info));
        }
      } else if (mapping instanceof AbstractUrlHandlerMapping urls) {
        urls.getHandlerMap()
            .forEach(
                (path, handler) ->
                    endpoints.add(
                        (handler instanceof WebSocketHttpRequestHandler ? "SOCKET " : "GET ")
                            + path));
      }
    }
    for (ServletRegistrationBean<?> servlet :
        web.getBeansOfType(ServletRegistrationBean.class).values()) {
      if (!servlet.getServletName().equals("dispatcherServlet")) {
        servlet.getUrlMappings().forEach(url -> endpoints.add("SERVLET " + url));
      }
    }
    return endpoints;
  }

  private static List<String> keys(RequestMappingInfo info) {
    List<String> methods =
        info.getMethodsCondition().getMethods().isEmpty()
            ? List.of("*")
            : info.getMethodsCondition().getMethods().stream().map(Enum::name).sorted().toList();
    String consumes =
        info.getConsumesCondition().getConsumableMediaTypes().isEmpty()
            ? ""
            : " "
                + info.getConsumesCondition().getConsumableMediaTypes().stream()
                    .map(Object::toString)
                    .sorted()
                    .toList();
    List<String> keys = new ArrayList<>();
    for (String pattern : info.getPatternValues()) {
      for (String method : methods) {
        keys.add(method + " " + pattern + consumes);
      }
    }
    return keys;
  }

  @TestFactory
  @Order(10)
  Stream<DynamicContainer> everyPrincipalOnEveryEndpoint() {
    List<Principal> principals = AccessMatrix.principals();
    return AccessMatrixRows.rows().stream()
        .map(
            row ->
                DynamicContainer.dynamicContainer(
                    row.toString(),
                    principals.stream()
                        .map(
                            principal ->
                                DynamicTest.dynamicTest(
                                    principal + ": " + AccessMatrix.expected(row, principal),
                                    () -> run(row, principal)))));
  }

  private static void run(Row row, Principal principal) throws Exception {
    Expect expect = AccessMatrix.expected(row, principal);
    Project project =
        switch (row.fixture()) {
          case SHARED -> world.shared;
          case FRESH -> world.fresh(false);
          case FRESH_WITH_HISTORY -> world.fresh(true);
          case NONE -> null;
        };
    ApiClient client = row.ownSession() ? world.ownSession(principal) : world.client(principal);
    Cell cell = new Cell(world, row, principal, client, project, expect);
    row.prepare().prepare(cell);
    Probe probe =
        row.probe() != null ? row.probe() : project != null ? c -> c.world.ownerView(c.id()) : null;
    boolean changes = !row.endpoint().startsWith("GET ");
    String before = !expect.allowed() && changes && probe != null ? probe.observe(cell) : null;

    Response response = row.call().call(cell);

    ANSWERS
        .computeIfAbsent(row.toString(), r -> new LinkedHashMap<>())
        .put(principal.toString(), String.valueOf(response.status()));
    String what =
        row + " as " + principal + ", expected " + expect + "; answer: " + excerpt(response);
    assertThat(response.status()).as("no server error: " + what).isLessThan(500);
    if (expect.allowed()) {
      assertThat(response.status()).as(what).isIn(row.success());
    } else {
      assertThat(response.status()).as(what).isEqualTo(expect.status());
      if (before != null) {
        assertThat(probe.observe(cell))
            .as("a refused call changes nothing: " + what)
            .isEqualTo(before);
      }
    }
    row.check().check(cell, response);
  }

  private static ApiClient session(Role role) {
    return world.client(new Principal(role, AccessMatrix.Credential.SESSION));
  }

  @Test
  @Order(3)
  void turningLinkSharingOffShutsOutLinkMembersButNotInvitedOnes() {
    Project project = world.fresh(false);
    String path = "/api/projects/" + project.id();
    AccessMatrixWorld.ok(
        world.owner().postJson(path + "/link-sharing", Map.of("enabled", false)), 200);

    assertThat(session(Role.LINK_READER).get(path).status()).isEqualTo(404);
    assertThat(session(Role.LINK_WRITER).get(path).status()).isEqualTo(404);
    assertThat(session(Role.READER).get(path).status()).isEqualTo(200);
    assertThat(session(Role.WRITER).get(path).status()).isEqualTo(200);
  }

  @Test
  @Order(4)
  void aRegeneratedLinkRefusesTheOldTokenAndAWrongTokenJoinsNothing() {
    ApiClient owner = world.owner();
    String id = world.newProject("Links");
    String path = "/api/projects/" + id;
    String old =
        owner
            .postJson(path + "/link-sharing", Map.of("enabled", true))
            .json()
            .get("readToken")
            .asString();
    String fresh =
        owner
            .postJson(path + "/link-sharing", Map.of("enabled", true, "regenerate", true))
            .json()
            .get("readToken")
            .asString();
    ApiClient stranger = session(Role.STRANGER);

    assertThat(fresh).isNotEqualTo(old);
    // at least 128 bits: 24 bytes in URL-safe base64 are 32 characters
    assertThat(fresh).hasSizeGreaterThanOrEqualTo(22).matches("[A-Za-z0-9_-]+");
    assertThat(stranger.postJson(path + "/join", Map.of("token", old)).status()).isEqualTo(404);
    assertThat(stranger.postJson(path + "/join", Map.of("token", "x")).status()).isEqualTo(404);
    assertThat(stranger.get(path).status()).isEqualTo(404);
    assertThat(world.stack.newClient().postJson(path + "/join", Map.of("token", fresh)).status())
        .isEqualTo(401);
    assertThat(stranger.postJson(path + "/join", Map.of("token", fresh)).status()).isEqualTo(200);
    assertThat(stranger.get(path).json().get("access").asString()).isEqualTo("readOnly");
  }

  @Test
  @Order(5)
  void transferringOwnershipMakesTheFormerOwnerAnEditor() {
    Project project = world.fresh(false);
    String path = "/api/projects/" + project.id();
    ApiClient owner = world.owner();

    AccessMatrixWorld.ok(
        owner.postJson(
            path + "/transfer-ownership", Map.of("userId", world.account(Role.WRITER).id())),
        204);

    assertThat(owner.get(path).json().get("access").asString()).isEqualTo("readWrite");
    assertThat(owner.delete(path).status()).isEqualTo(403);
    assertThat(session(Role.WRITER).get(path).json().get("access").asString()).isEqualTo("owner");
  }

  /**
   * A browser sends the session cookie with a WebSocket handshake whatever page starts it; the
   * socket accepts a cookie only from Quire's own origin (a script without an Origin authenticates
   * with a token instead).
   */
  @Test
  @Order(6)
  void aSocketOpenedWithASessionCookieFromAnotherSiteIsRefused() throws Exception {
    ApiClient writer = session(Role.WRITER);
    Map<String, String> credentials = new HashMap<>(writer.credentials());
    WebSocket.Listener ignore = new WebSocket.Listener() {};

    AccessMatrixRows.Opened own = AccessMatrixRows.open(writer.baseUrl(), credentials, ignore);
    credentials.put("Origin", "https://evil.example");
    AccessMatrixRows.Opened foreign = AccessMatrixRows.open(writer.baseUrl(), credentials, ignore);

    assertThat(own.socket())
        .as("the same cookie from Quire's own origin opens a socket")
        .isNotNull();
    own.socket().abort();
    assertThat(foreign.socket()).isNull();
    assertThat(foreign.refusal()).isEqualTo(403);
  }

  private static String excerpt(Response response) {
    String text = new String(response.body(), StandardCharsets.UTF_8);
    return response.status() + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
  }

  /** The matrix as run, one line per row, one column per principal, for people to read. */
  private static void writeTheMatrix() throws IOException {
    if (ANSWERS.isEmpty()) {
      return;
    }
    List<Principal> principals = AccessMatrix.principals();
    StringBuilder out = new StringBuilder();
    out.append("# Access matrix as run ")
        .append(Instant.now())
        .append(" (")
        .append(Duration.between(started, Instant.now()).toSeconds())
        .append(" s)\n\n| endpoint |");
    principals.forEach(p -> out.append(' ').append(p).append(" |"));
    out.append("\n|---|");
    principals.forEach(p -> out.append("---|"));
    out.append('\n');
    for (Row row : AccessMatrixRows.rows()) {
      Map<String, String> answers = ANSWERS.getOrDefault(row.toString(), Map.of());
      out.append("| ").append(row.toString().replace("|", "\\|")).append(" |");
      for (Principal p : principals) {
        Expect expect = AccessMatrix.expected(row, p);
        out.append(' ')
            .append(answers.getOrDefault(p.toString(), "—"))
            .append(expect.allowed() ? "" : " ✗")
            .append(" |");
      }
      out.append('\n');
    }
    out.append("\n✗: refused by the rules. Roles: ")
        .append(
            Stream.of(Role.values())
                .map(r -> r.name().toLowerCase())
                .collect(Collectors.joining(", ")))
        .append(".\n");
    Path target = Path.of("target");
    try {
      Files.createDirectories(target);
      Files.writeString(target.resolve("access-matrix.md"), out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
