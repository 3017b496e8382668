package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.awt.Color;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SyncTeX, word count and chktex through web, RabbitMQ request/reply, compile-worker (tools in the
 * bubblewrap sandbox) and Redis.
 */
class SynctexAndToolsIT {
  private static QuireStack stack;
  private ApiClient client;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    stack.startCompileWorker("compile-worker-tools", Map.of("quire.compile.concurrency", 1));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void signIn() {
    client = stack.newClient();
    Response registered =
        client.register("tools-" + UUID.randomUUID() + "@example.org", "a good passphrase", "T");
    assertThat(registered.status()).isEqualTo(201);
  }

  @Test
  void aLineOnPageTwoIsFoundOnPageTwoAndTheSpotLeadsBackToItsLine() {
    String project = project("main.tex", Documents.text("synctex-two-pages.tex"));
    String buildId = compile(project).get("buildId").asString();

    Response forward =
        client.get(
            "/api/projects/"
                + project
                + "/synctex/code?file=main.tex&line=5&column=0&buildId="
                + buildId);

    assertThat(forward.status()).as(forward.text()).isEqualTo(200);
    JsonNode boxes = forward.json().get("boxes");
    assertThat(boxes.size()).isPositive();
    JsonNode box = boxes.get(0);
    assertThat(box.get("page").asInt()).isEqualTo(2);
    assertThat(box.get("width").asDouble()).isPositive();
    assertThat(forward.json().get("buildId").asString()).isEqualTo(buildId);

    // a point inside the box, just above its baseline and past the first word (SyncTeX gives the
    // start of a line to where its paragraph began)
    double h = box.get("h").asDouble() + 30;
    double v = box.get("v").asDouble() - 2;
    Response inverse =
        client.get(
            "/api/projects/"
                + project
                + "/synctex/pdf?page=2&h="
                + h
                + "&v="
                + v
                + "&buildId="
                + buildId);

    assertThat(inverse.status()).as(inverse.text()).isEqualTo(200);
    assertThat(inverse.json().get("file").asString()).isEqualTo("main.tex");
    assertThat(inverse.json().get("line").asInt()).isBetween(4, 6);
  }

  @Test
  void withoutABuildIdTheUsersLatestBuildIsSearchedAndFilesInSubfoldersAreFound() {
    String project = project("main.tex", Documents.text("multifile-main.tex"));
    put(project, "chapters/intro.tex", Documents.text("multifile-intro.tex"));
    client.put(
        "/api/projects/" + project + "/files/figures/square.png", Documents.png(32, Color.BLUE));
    compile(project);

    Response forward =
        client.get("/api/projects/" + project + "/synctex/code?file=chapters/intro.tex&line=2");

    assertThat(forward.status()).as(forward.text()).isEqualTo(200);
    JsonNode box = forward.json().get("boxes").get(0);
    Response inverse =
        client.get(
            "/api/projects/"
                + project
                + "/synctex/pdf?page="
                + box.get("page").asInt()
                + "&h="
                + (box.get("h").asDouble() + 30)
                + "&v="
                + (box.get("v").asDouble() - 2));
    assertThat(inverse.status()).as(inverse.text()).isEqualTo(200);
    assertThat(inverse.json().get("file").asString()).isEqualTo("chapters/intro.tex");
  }

  @Test
  void theWordCountOfAKnownTextIsExactWithAFigurePerIncludedFile() {
    String project = project("main.tex", Documents.text("wordcount-main.tex"));
    put(project, "chapters/more.tex", Documents.text("wordcount-more.tex"));

    Response response = client.get("/api/projects/" + project + "/wordcount?file=main.tex");

    assertThat(response.status()).as(response.text()).isEqualTo(200);
    JsonNode count = response.json();
    JsonNode total = count.get("total");
    assertThat(total.get("textWords").asInt()).isEqualTo(16);
    assertThat(total.get("headerWords").asInt()).isEqualTo(3);
    assertThat(total.get("captionWords").asInt()).isEqualTo(2);
    assertThat(total.get("headers").asInt()).isEqualTo(2);
    assertThat(total.get("floats").asInt()).isEqualTo(1);
    assertThat(total.get("inlineMath").asInt()).isEqualTo(1);
    assertThat(total.get("displayedMath").asInt()).isEqualTo(0);
    JsonNode files = count.get("files");
    assertThat(files.size()).isEqualTo(2);
    assertThat(files.get(0).get("file").asString()).isEqualTo("main.tex");
    assertThat(files.get(0).get("counts").get("textWords").asInt()).isEqualTo(11);
    assertThat(files.get(1).get("file").asString()).isEqualTo("chapters/more.tex");
    assertThat(files.get(1).get("counts").get("textWords").asInt()).isEqualTo(5);
  }

  @Test
  void theWordCountIsOfTheCurrentTextNotOfTheLastCompile() {
    String project = project("main.tex", Documents.text("wordcount-main.tex"));
    put(project, "chapters/more.tex", Documents.text("wordcount-more.tex"));
    assertThat(textWords(project)).isEqualTo(16);

    put(project, "chapters/more.tex", "\\section{More Words}\nOne two three.\n");

    assertThat(textWords(project)).isEqualTo(14);
  }

  @Test
  void chktexReportsTheEllipsisOnItsLineByGetAndByPost() {
    String project = project("main.tex", Documents.text("chktex-ellipsis.tex"));

    Response get = client.get("/api/projects/" + project + "/chktex?file=main.tex");
    Response post = client.postJson("/api/projects/" + project + "/chktex?file=main.tex", Map.of());

    assertThat(get.status()).as(get.text()).isEqualTo(200);
    assertThat(post.status()).as(post.text()).isEqualTo(200);
    JsonNode ellipsis = null;
    for (JsonNode warning : get.json().get("warnings")) {
      if (warning.get("code").asInt() == 11) {
        ellipsis = warning;
      }
    }
    assertThat(ellipsis).as(get.text()).isNotNull();
    assertThat(ellipsis.get("file").asString()).isEqualTo("main.tex");
    assertThat(ellipsis.get("line").asInt()).isEqualTo(4);
    assertThat(ellipsis.get("column").asInt()).isEqualTo(13);
    assertThat(ellipsis.get("message").asString()).contains("\\ldots");
    assertThat(post.json().get("warnings")).isEqualTo(get.json().get("warnings"));
  }

  @Test
  void withoutAFileTheRootDocumentIsCountedAndChecked() {
    String project = project("main.tex", Documents.text("chktex-ellipsis.tex"));

    Response count = client.get("/api/projects/" + project + "/wordcount");
    Response check = client.get("/api/projects/" + project + "/chktex");

    assertThat(count.status()).as(count.text()).isEqualTo(200);
    assertThat(count.json().get("file").asString()).isEqualTo("main.tex");
    assertThat(count.json().get("total").get("textWords").asInt()).isEqualTo(7);
    assertThat(check.status()).as(check.text()).isEqualTo(200);
    assertThat(check.json().get("warnings").size()).isPositive();
  }

  @Test
  void badSynctexQuestionsAreRefusedWithAMessage() {
    String project = project("main.tex", Documents.text("synctex-two-pages.tex"));
    String base = "/api/projects/" + project + "/synctex/";

    assertProblem(base + "code?file=main.tex&line=1", 404, "compile it first");
    String buildId = compile(project).get("buildId").asString();
    String build = "&buildId=" + buildId;

    assertProblem(base + "code?line=5" + build, 400, "'file' is required");
    assertProblem(base + "code?file=main.tex" + build, 400, "'line' is required");
    assertProblem(base + "code?file=main.tex&line=0" + build, 400, "line must be at least 1");
    assertProblem(base + "code?file=main.tex&line=five" + build, 400, "whole number");
    assertProblem(base + "code?file=main.tex&line=2&column=-1" + build, 400, "column");
    assertProblem(base + "code?file=other.tex&line=5" + build, 404, "no file other.tex");
    assertProblem(base + "code?file=../etc/passwd&line=5" + build, 400, "inside the project");
    assertProblem(
        base + "code?file=main.tex&line=5&buildId=" + UUID.randomUUID(), 404, "compile again");
    assertProblem(
        base + "code?file=main.tex&line=5&buildId=" + enc("a/../b"), 404, "compile again");
    assertProblem(base + "pdf?page=0&h=1&v=1" + build, 400, "page must be at least 1");
    assertProblem(base + "pdf?page=1&h=-3&v=1" + build, 400, "position on the page");
    assertProblem(base + "pdf?page=1&h=1" + build, 400, "'v' is required");
    assertProblem(base + "pdf?page=1&h=NaN&v=1" + build, 400, "position on the page");
    assertProblem(base + "pdf?page=9&h=100&v=100" + build, 404, "Nothing of the project");
  }

  @Test
  void badWordCountAndCheckQuestionsAreRefusedWithAMessage() {
    String project = project("main.tex", Documents.text("chktex-ellipsis.tex"));
    client.put("/api/projects/" + project + "/files/figure.png", Documents.png(8, Color.RED));
    String base = "/api/projects/" + project;

    assertProblem(base + "/wordcount?file=missing.tex", 404, "no file missing.tex");
    assertProblem(base + "/chktex?file=missing.tex", 404, "no file missing.tex");
    assertProblem(base + "/wordcount?file=" + enc("a/../../x.tex"), 400, "inside the project");
    assertProblem(base + "/chktex?file=figure.png", 400, "not a TeX source");
  }

  @Test
  void someoneWithoutAccessLearnsNothing() {
    String project = project("main.tex", Documents.text("chktex-ellipsis.tex"));
    ApiClient stranger = stack.newClient();
    stranger.register("stranger-" + UUID.randomUUID() + "@example.org", "a good passphrase", "S");

    for (String path :
        new String[] {"/wordcount", "/chktex", "/synctex/code?file=main.tex&line=1"}) {
      Response response = stranger.get("/api/projects/" + project + path);
      assertThat(response.status()).as(path).isEqualTo(404);
    }
  }

  @Test
  void withNoCompileWorkerRunningTheAnswerIsAnImmediate503() throws Exception {
    try (QuireStack webOnly = new QuireStack().startWeb(Map.of())) {
      ApiClient alone = webOnly.newClient();
      alone.register("alone-" + UUID.randomUUID() + "@example.org", "a good passphrase", "A");
      String id =
          alone.postJson("/api/projects", Map.of("name", "Alone")).json().get("id").asString();
      long started = System.nanoTime();

      Response response = alone.get("/api/projects/" + id + "/wordcount");

      assertThat(response.status()).as(response.text()).isEqualTo(503);
      assertThat(response.json().get("detail").asString()).contains("No compile worker");
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(java.time.Duration.ofSeconds(10));
    }
  }

  private int textWords(String project) {
    Response response = client.get("/api/projects/" + project + "/wordcount?file=main.tex");
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.json().get("total").get("textWords").asInt();
  }

  private void assertProblem(String path, int status, String message) {
    Response response = client.get(path);
    assertThat(response.status()).as(path + " -> " + response.text()).isEqualTo(status);
    assertThat(response.json().get("detail").asString()).as(path).containsIgnoringCase(message);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String project(String path, String text) {
    Response created =
        client.postJson("/api/projects", Map.of("name", "Tools " + UUID.randomUUID()));
    String id = created.json().get("id").asString();
    put(id, path, text);
    return id;
  }

  private void put(String project, String path, String text) {
    Response response = client.put("/api/projects/" + project + "/files/" + path, text);
    assertThat(response.status()).as(response.text()).isBetween(200, 204);
  }

  private JsonNode compile(String project) {
    Map<String, Object> body = new HashMap<>();
    body.put("wait", true);
    Response response = client.postJson("/api/projects/" + project + "/compile", body);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    assertThat(response.json().get("status").asString()).as(response.text()).isEqualTo("success");
    return response.json();
  }
}
