package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code compile.completed} on the collaboration socket, through two web instances and a real
 * compile-worker: every socket open on the project hears of a compile, whichever instance it is on,
 * and no socket without access to the project does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompileEventsIT {
  private static final String PASSWORD = "a good long password";

  private QuireStack stack;
  private String firstUrl;
  private String secondUrl;
  private User ada;
  private User grace;
  private User mallory;
  private final List<CollabSocketClient> sockets = new ArrayList<>();

  /** A registered user with their session and a personal access token for sockets. */
  private record User(String id, ApiClient client, String token) {}

  @BeforeAll
  void startTwoWebInstancesAndAWorker() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    ConfigurableApplicationContext second = stack.startAnotherWeb("web-second");
    stack.startCompileWorker("compile-worker-events", Map.of("quire.compile.concurrency", 1));
    firstUrl = "http://localhost:" + stack.webPort();
    secondUrl = "http://localhost:" + QuireStack.port(second);
    ada = register(firstUrl, "Ada Lovelace");
    grace = register(secondUrl, "Grace Hopper");
    mallory = register(firstUrl, "Mallory");
  }

  @AfterEach
  void closeSockets() {
    sockets.forEach(CollabSocketClient::close);
    sockets.clear();
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everySocketOnTheProjectOnEitherInstanceHearsOfACompileAndNoOtherSocketDoes() {
    String paper = project("Paper", Documents.text("one-page.tex"));
    share(paper, grace);
    String other = project("Other", Documents.text("one-page.tex"));

    // Ada has a document of the paper open on the first instance; Grace only watches it, on the
    // second; Ada's socket on another project and Mallory's attempt to watch the paper get nothing
    CollabSocketClient adaOnPaper = socket(firstUrl, ada);
    adaOnPaper.send(Map.of("type", "join", "projectId", paper, "docId", docId(paper)));
    adaOnPaper.awaitMessage("joined", m -> type(m).equals("joined"));
    CollabSocketClient graceOnPaper = watching(secondUrl, grace, paper);
    CollabSocketClient adaOnOther = watching(firstUrl, ada, other);
    CollabSocketClient malloryOnPaper = socket(firstUrl, mallory);
    malloryOnPaper.send(Map.of("type", "watch", "requestId", "w1", "projectId", paper));
    JsonNode refused = malloryOnPaper.awaitMessage("refusal", m -> type(m).equals("rejected"));
    assertThat(refused.get("reason").asString()).isEqualTo("not-found");
    assertThat(refused.get("requestId").asString()).isEqualTo("w1");

    JsonNode compiled = compile(ada, paper);

    for (CollabSocketClient socket : List.of(adaOnPaper, graceOnPaper)) {
      JsonNode event = socket.awaitMessage("the paper's compile", m -> isCompileOf(m, compiled));
      assertThat(fieldNames(event))
          .as("the outcome only, no output")
          .containsExactlyInAnyOrder(
              "type", "jobId", "projectId", "status", "buildId", "requestedBy", "requestedByName");
      assertThat(event.get("projectId").asString()).isEqualTo(paper);
      assertThat(event.get("status").asString()).isEqualTo("success");
      assertThat(event.get("buildId").asString())
          .isNotBlank()
          .isEqualTo(compiled.get("buildId").asString());
      assertThat(event.get("requestedBy").asString()).isEqualTo(ada.id());
      assertThat(event.get("requestedByName").asString()).isEqualTo("Ada Lovelace");
    }

    // the first instance handles its events in order: once the other project's compile has
    // reached Ada's socket there, the paper's would have reached the wrong sockets there too
    JsonNode otherCompiled = compile(ada, other);
    adaOnOther.awaitMessage("the other project's compile", m -> isCompileOf(m, otherCompiled));
    assertThat(adaOnOther.ofType("compile.completed"))
        .extracting(m -> m.get("projectId").asString())
        .containsExactly(other);
    assertThat(malloryOnPaper.ofType("compile.completed")).isEmpty();
    assertThat(adaOnPaper.ofType("compile.completed"))
        .extracting(m -> m.get("jobId").asString())
        .containsExactly(compiled.get("jobId").asString());
  }

  @Test
  void aCollaboratorRemovedFromTheProjectHearsOfItsCompilesNoMore() {
    String paper = project("Shared for a while", Documents.text("one-page.tex"));
    share(paper, grace);
    CollabSocketClient graceOnPaper = watching(secondUrl, grace, paper);
    // on the same instance as Grace's socket, so its event shows the instance has handled it
    CollabSocketClient adaOnPaper = watching(secondUrl, ada, paper);
    JsonNode first = compile(ada, paper);
    graceOnPaper.awaitMessage("the compile while shared", m -> isCompileOf(m, first));

    Response removed =
        ada.client().delete("/api/projects/" + paper + "/collaborators/" + grace.id());
    assertThat(removed.status()).as(removed.text()).isEqualTo(204);
    ada.client()
        .put("/api/projects/" + paper + "/files/main.tex", Documents.text("synctex-two-pages.tex"));
    JsonNode second = compile(ada, paper);

    adaOnPaper.awaitMessage("the compile after the removal", m -> isCompileOf(m, second));
    assertThat(graceOnPaper.ofType("compile.completed"))
        .extracting(m -> m.get("jobId").asString())
        .containsExactly(first.get("jobId").asString());
  }

  // --- steps -------------------------------------------------------------------------------------

  private User register(String url, String name) {
    ApiClient client = new ApiClient(url);
    String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID() + "@example.org";
    Response registered = client.register(email, PASSWORD, name);
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    String id = client.get("/api/me").json().get("id").asString();
    String token =
        client
            .postJson("/api/me/tokens", Map.of("name", "socket", "scopes", List.of("api")))
            .json()
            .get("token")
            .asString();
    return new User(id, client, token);
  }

  private String project(String name, String mainTex) {
    Response created =
        ada.client().postJson("/api/projects", Map.of("name", name + " " + UUID.randomUUID()));
    assertThat(created.status()).as(created.text()).isBetween(200, 201);
    String id = created.json().get("id").asString();
    Response put = ada.client().put("/api/projects/" + id + "/files/main.tex", mainTex);
    assertThat(put.status()).as(put.text()).isBetween(200, 204);
    return id;
  }

  /** Makes {@code user} a collaborator through the project's write link. */
  private void share(String project, User user) {
    JsonNode links =
        ada.client()
            .postJson("/api/projects/" + project + "/link-sharing", Map.of("enabled", true))
            .json();
    Response joined =
        user.client()
            .postJson(
                "/api/projects/" + project + "/join",
                Map.of("token", links.get("writeToken").asString()));
    assertThat(joined.status()).as(joined.text()).isEqualTo(200);
  }

  private String docId(String project) {
    for (JsonNode entity :
        ada.client().get("/api/projects/" + project + "/tree").json().get("entities")) {
      if (entity.get("path").asString().equals("main.tex")) {
        return entity.get("docId").asString();
      }
    }
    throw new AssertionError("no main.tex in " + project);
  }

  private CollabSocketClient socket(String url, User user) {
    CollabSocketClient socket = new CollabSocketClient(url, user.token());
    sockets.add(socket);
    return socket;
  }

  private CollabSocketClient watching(String url, User user, String project) {
    CollabSocketClient socket = socket(url, user);
    socket.send(Map.of("type", "watch", "projectId", project));
    JsonNode answer = socket.awaitMessage("watching " + project, m -> type(m).equals("watching"));
    assertThat(answer.get("projectId").asString()).isEqualTo(project);
    return socket;
  }

  private static JsonNode compile(User user, String project) {
    Response compiled =
        user.client().postJson("/api/projects/" + project + "/compile", Map.of("wait", true));
    assertThat(compiled.status()).as(compiled.text()).isEqualTo(200);
    JsonNode view = compiled.json();
    assertThat(view.get("status").asString()).as(compiled.text()).isEqualTo("success");
    assertThat(view.get("cached").asBoolean()).as("a real compile, which sends an event").isFalse();
    return view;
  }

  private static boolean isCompileOf(JsonNode message, JsonNode compiled) {
    return type(message).equals("compile.completed")
        && message.path("jobId").asString().equals(compiled.get("jobId").asString());
  }

  private static String type(JsonNode message) {
    return message.path("type").asString();
  }

  private static Set<String> fieldNames(JsonNode node) {
    return Set.copyOf(node.propertyNames());
  }
}
