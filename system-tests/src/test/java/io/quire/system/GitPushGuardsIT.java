package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What stands between a read-only member and a push: every spelling of the push URL an attacker
 * might try (percent-escapes, {@code ;} parameters, dot segments, doubled and trailing slashes,
 * case, encoded query parameters...) sent as a real receive-pack request with a real pack, through
 * web's {@code /git/} proxy and straight to git-worker; each is refused and the project stays as it
 * was, while the owner's canonical push goes through. Also: a push that would make the project
 * larger than {@code quire.projects.max-project-size} is refused with its sizes.
 */
class GitPushGuardsIT {
  private static final String PROJECT_SIZE_LIMIT = "256KB";
  private static final String RECEIVE_REQUEST = "application/x-git-receive-pack-request";
  private static final String RECEIVE_RESULT = "application/x-git-receive-pack-result";

  @TempDir static Path work;

  private static QuireStack stack;
  private static int gitPort;
  private static GitCli git;
  private static ApiClient owner;
  private static String ownerToken;

  // the project every spelling tries to push to, and what must stay as it is
  private static String project;
  private static String readerToken;
  private static byte[] readerPush;
  private static String mainBefore;
  private static long treeVersionBefore;
  private static String headBefore;

  @BeforeAll
  static void startStackAndPrepareAReadersPush() throws Exception {
    stack = new QuireStack();
    ConfigurableApplicationContext gitWorker =
        stack.startGitWorker(
            "git-worker", Map.of("quire.projects.max-project-size", PROJECT_SIZE_LIMIT));
    gitPort = ((WebServerApplicationContext) gitWorker).getWebServer().getPort();
    stack.startWeb(
        Map.of(
            "quire.git-bridge.worker-url",
            "http://127.0.0.1:" + gitPort,
            "quire.git-bridge.sync-debounce",
            "1h",
            "quire.projects.max-project-size",
            PROJECT_SIZE_LIMIT));
    git = new GitCli(Files.createDirectories(work.resolve("home")));

    owner = stack.newClient();
    assertThat(
            owner
                .register("owner-" + UUID.randomUUID() + "@example.org", "a good passphrase", "O")
                .status())
        .isEqualTo(201);
    ownerToken = token(owner);
    project = newProject("Spellings");

    ApiClient reader = stack.newClient();
    String readerEmail = "reader-" + UUID.randomUUID() + "@example.org";
    assertThat(reader.register(readerEmail, "a good passphrase", "Rita Reader").status())
        .isEqualTo(201);
    Response invited =
        owner.postJson(
            "/api/projects/" + project + "/collaborators",
            Map.of("email", readerEmail, "access", "readOnly"));
    assertThat(invited.status()).isEqualTo(201);
    // an invitation grants nothing until its link is accepted (ADR 0017)
    assertThat(reader.acceptInvitation(invited).status()).isEqualTo(200);
    readerToken = token(reader);

    // a read-only member may clone; the commit they make is a perfectly good push, if allowed
    Path clone = clone(project, readerToken, "reader");
    GitCli.write(clone.resolve("main.tex"), "a reader was here\n");
    git.ok(clone, "commit", "-q", "-am", "Not allowed");
    readerPush = receivePackBody(clone);
    mainBefore = text(project, "main.tex");
    treeVersionBefore = treeVersion(project);
    headBefore = serverMain(project);
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  /**
   * Each spelling: a name, the method, the request target ({@code {id}} = the project id, {@code
   * {ID}} = the id in capitals, {@code {port}} = the port it is sent to), whether it carries the
   * push body, and the status the bridge answers it with.
   */
  static Stream<Arguments> spellings() {
    List<Object[]> spellings =
        List.of(
            new Object[] {"percent-encoded letter", "POST", "/git/{id}/git-r%65ceive-pack", 400},
            new Object[] {"percent-encoded dashes", "POST", "/git/{id}/git%2Dreceive%2Dpack", 400},
            new Object[] {
              "percent-encoded first letter", "POST", "/git/{id}/%67it-receive-pack", 400
            },
            new Object[] {"lower-case escape", "POST", "/git/{id}/git-r%65ceive%2dpack", 400},
            new Object[] {"escape after .git", "POST", "/git/{id}.git/git-r%65ceive-pack", 400},
            new Object[] {"path parameter", "POST", "/git/{id}/git-receive-pack;x=1", 400},
            new Object[] {"empty path parameter", "POST", "/git/{id}/git-receive-pack;", 400},
            new Object[] {
              "path parameter on the id", "POST", "/git/{id};x=1/git-receive-pack", 400
            },
            new Object[] {"path parameter on git", "POST", "/git;x=1/{id}/git-receive-pack", 400},
            new Object[] {"encoded semicolon", "POST", "/git/{id}/git-receive-pack%3Bx=1", 400},
            new Object[] {"double slash", "POST", "/git/{id}//git-receive-pack", 400},
            new Object[] {"double slash after git", "POST", "/git//{id}/git-receive-pack", 400},
            new Object[] {"trailing slash", "POST", "/git/{id}/git-receive-pack/", 400},
            new Object[] {"dot segment", "POST", "/git/{id}/./git-receive-pack", 400},
            new Object[] {"dot segment before the id", "POST", "/git/./{id}/git-receive-pack", 400},
            new Object[] {"dot-dot segment", "POST", "/git/{id}/info/../git-receive-pack", 400},
            new Object[] {"dot-dot from outside", "POST", "/x/../git/{id}/git-receive-pack", 400},
            new Object[] {"encoded dot-dot", "POST", "/git/{id}/info/%2E%2E/git-receive-pack", 400},
            new Object[] {"encoded slash", "POST", "/git/{id}%2Fgit-receive-pack", 400},
            new Object[] {"double-encoded slash", "POST", "/git/{id}%252Fgit-receive-pack", 400},
            new Object[] {"encoded backslash", "POST", "/git/{id}%5Cgit-receive-pack", 400},
            new Object[] {"encoded git segment", "POST", "/gi%74/{id}/git-receive-pack", 400},
            new Object[] {"encoded NUL", "POST", "/git/{id}%00/git-receive-pack", 400},
            new Object[] {"trailing encoded space", "POST", "/git/{id}/git-receive-pack%20", 400},
            new Object[] {"overlong UTF-8 slash", "POST", "/git/{id}%C0%AFgit-receive-pack", 400},
            new Object[] {"query on the push", "POST", "/git/{id}/git-receive-pack?x=1", 400},
            new Object[] {
              "absolute form", "POST", "http://127.0.0.1:{port}/git/{id}/git-r%65ceive-pack", 400
            },
            new Object[] {"upper-case endpoint", "POST", "/git/{id}/GIT-RECEIVE-PACK", 404},
            new Object[] {"upper-case project id", "POST", "/git/{ID}/git-receive-pack", 404},
            new Object[] {"push endpoint by GET", "GET", "/git/{id}/git-receive-pack", 405},
            new Object[] {
              "encoded service value", "GET", "/git/{id}/info/refs?service=git-r%65ceive-pack", 400
            },
            new Object[] {
              "encoded service name", "GET", "/git/{id}/info/refs?servic%65=git-receive-pack", 400
            },
            new Object[] {
              "encoded info/refs", "GET", "/git/{id}/info/r%65fs?service=git-receive-pack", 400
            },
            new Object[] {
              "service twice",
              "GET",
              "/git/{id}/info/refs?service=git-upload-pack&service=git-receive-pack",
              400
            },
            new Object[] {
              "extra parameter", "GET", "/git/{id}/info/refs?service=git-receive-pack&x=1", 400
            },
            new Object[] {
              "info/refs with a path parameter",
              "GET",
              "/git/{id}/info/refs;x=1?service=git-receive-pack",
              400
            },
            new Object[] {"service in a form body", "POST", "/git/{id}/info/refs", 405});
    return Stream.of("web", "git-worker")
        .flatMap(via -> spellings.stream().map(s -> Arguments.of(s[0], via, s[1], s[2], s[3])));
  }

  @ParameterizedTest(name = "{0} via {1}: {3} {2}")
  @MethodSource("spellings")
  void aReadOnlyMembersPushIsRefusedHoweverTheUrlIsSpelled(
      String spelling, String via, String method, String template, int expectedStatus) {
    int port = via.equals("web") ? stack.webPort() : gitPort;
    String target =
        template
            .replace("{id}", project)
            .replace("{ID}", project.toUpperCase(java.util.Locale.ROOT))
            .replace("{port}", String.valueOf(port));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", basic(readerToken));
    byte[] body = null;
    if (method.equals("POST") && template.endsWith("/info/refs")) {
      headers.put("Content-Type", "application/x-www-form-urlencoded");
      body = "service=git-receive-pack".getBytes(StandardCharsets.US_ASCII);
    } else if (method.equals("POST")) {
      headers.put("Content-Type", RECEIVE_REQUEST);
      headers.put("Accept", RECEIVE_RESULT);
      body = readerPush;
    }

    RawHttp.Answer answer = RawHttp.send(port, method, target, headers, body);

    assertThat(answer.text()).doesNotContain("ok refs/heads/main").doesNotContain("unpack ok");
    assertThat(answer.status()).as(answer.text()).isEqualTo(expectedStatus);
    assertProjectUnchanged();
  }

  @ParameterizedTest(name = "via {0}")
  @ValueSource(strings = {"web", "git-worker"})
  void aReadOnlyMembersCanonicalPushIsRefusedWithAMessage(String via) {
    int port = via.equals("web") ? stack.webPort() : gitPort;

    RawHttp.Answer answer =
        RawHttp.send(
            port,
            "POST",
            "/git/" + project + "/git-receive-pack",
            Map.of(
                "Authorization",
                basic(readerToken),
                "Content-Type",
                RECEIVE_REQUEST,
                "Accept",
                RECEIVE_RESULT),
            readerPush);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.text()).contains("read-only access");
    assertProjectUnchanged();
  }

  @Test
  void theGitClientCannotPushWithAnEncodedOrParameterisedCloneUrlEither() {
    Path clone = work.resolve("reader");
    for (String spelled :
        List.of(
            "/gi%74/" + project,
            "/git/" + project + ";x=1",
            "/git/" + project.toUpperCase(java.util.Locale.ROOT),
            "/git/%" + Integer.toHexString(project.charAt(0)) + project.substring(1))) {
      String url = "http://git-user:" + readerToken + "@127.0.0.1:" + stack.webPort() + spelled;

      GitCli.Result push = git.run(clone, "push", url, "HEAD:main");

      assertThat(push.ok()).as(spelled + ": " + push.output()).isFalse();
      assertProjectUnchanged();
    }
  }

  /** The raw request the refusals send is a real push: the owner's goes through, both ways. */
  @Test
  void theOwnersCanonicalPushIsAppliedThroughWebAndDirectly() {
    String own = newProject("Owner pushes");
    Path clone = clone(own, ownerToken, "owner-raw");
    GitCli.write(clone.resolve("main.tex"), "pushed through web\n");
    git.ok(clone, "commit", "-q", "-am", "Through web");

    RawHttp.Answer viaWeb = pushRaw(stack.webPort(), own, ownerToken, receivePackBody(clone));

    assertThat(viaWeb.status()).as(viaWeb.text()).isEqualTo(200);
    assertThat(viaWeb.text()).contains("unpack ok").contains("ok refs/heads/main");
    assertThat(text(own, "main.tex")).isEqualTo("pushed through web\n");

    git.ok(clone, "pull", "-q", "--ff-only");
    GitCli.write(clone.resolve("main.tex"), "pushed to git-worker\n");
    git.ok(clone, "commit", "-q", "-am", "Directly");
    RawHttp.Answer direct = pushRaw(gitPort, own, ownerToken, receivePackBody(clone));

    assertThat(direct.status()).as(direct.text()).isEqualTo(200);
    assertThat(direct.text()).contains("ok refs/heads/main");
    assertThat(text(own, "main.tex")).isEqualTo("pushed to git-worker\n");

    // and the git client, at the canonical URL, as ever
    git.ok(clone, "pull", "-q", "--ff-only");
    GitCli.write(clone.resolve("main.tex"), "pushed by git\n");
    git.ok(clone, "commit", "-q", "-am", "By git");
    git.ok(clone, "push", "-q", "origin", "main");
    assertThat(text(own, "main.tex")).isEqualTo("pushed by git\n");
  }

  @Test
  void aPushThatWouldMakeTheProjectLargerThanItsLimitIsRefusedAndNothingIsApplied() {
    String own = newProject("Size");
    Path clone = clone(own, ownerToken, "size");
    GitCli.write(clone.resolve("figures/a.bin"), randomBytes(100_000, 1));
    GitCli.write(clone.resolve("figures/b.bin"), randomBytes(100_000, 2));
    git.ok(clone, "add", "-A");
    git.ok(clone, "commit", "-q", "-m", "Two figures: within the limit");
    git.ok(clone, "push", "-q", "origin", "main");
    assertThat(owner.get(file(own, "figures/b.bin")).status()).isEqualTo(200);
    long treeVersion = treeVersion(own);

    GitCli.write(clone.resolve("figures/c.bin"), randomBytes(100_000, 3));
    GitCli.write(clone.resolve("main.tex"), "changed along with the third figure\n");
    git.ok(clone, "add", "-A");
    git.ok(clone, "commit", "-q", "-m", "A third figure: over the limit");
    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output())
        .contains("remote: the project would grow to")
        .contains("over its size limit of 256 KB")
        .contains("[remote rejected] main -> main");
    assertThat(treeVersion(own)).isEqualTo(treeVersion);
    assertThat(owner.get(file(own, "figures/c.bin")).status()).isEqualTo(404);
    assertThat(text(own, "main.tex")).doesNotContain("third figure");

    // taking a figure out again brings the push within the limit
    git.ok(clone, "rm", "-q", "figures/a.bin");
    git.ok(clone, "commit", "-q", "-m", "Drop a figure");
    git.ok(clone, "push", "-q", "origin", "main");
    assertThat(owner.get(file(own, "figures/c.bin")).status()).isEqualTo(200);
    assertThat(owner.get(file(own, "figures/a.bin")).status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- steps

  private static void assertProjectUnchanged() {
    assertThat(text(project, "main.tex")).isEqualTo(mainBefore);
    assertThat(treeVersion(project)).isEqualTo(treeVersionBefore);
    assertThat(serverMain(project)).isEqualTo(headBefore);
  }

  private static RawHttp.Answer pushRaw(int port, String projectId, String secret, byte[] body) {
    return RawHttp.send(
        port,
        "POST",
        "/git/" + projectId + "/git-receive-pack",
        Map.of(
            "Authorization",
            basic(secret),
            "Content-Type",
            RECEIVE_REQUEST,
            "Accept",
            RECEIVE_RESULT),
        body);
  }

  /**
   * The body git sends to {@code git-receive-pack} to move {@code main} from the commit the clone
   * has from the server to its own HEAD: one command in pkt-line form, a flush, then the pack.
   */
  private static byte[] receivePackBody(Path clone) {
    String old = git.ok(clone, "rev-parse", "origin/main").strip();
    String neu = git.ok(clone, "rev-parse", "HEAD").strip();
    byte[] pack =
        git.bytes(
            clone,
            (neu + "\n^" + old + "\n").getBytes(StandardCharsets.US_ASCII),
            "pack-objects",
            "--stdout",
            "--revs",
            "-q");
    String command = old + " " + neu + " refs/heads/main\0report-status\n";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        String.format("%04x", command.length() + 4).getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(command.getBytes(StandardCharsets.US_ASCII));
    body.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(pack);
    return body.toByteArray();
  }

  private static String serverMain(String projectId) {
    Path repo = stack.dataDir("git-worker").resolve("git").resolve(projectId + ".git");
    return git.ok(work, "--git-dir=" + repo, "rev-parse", "main").strip();
  }

  private static String newProject(String name) {
    Response created = owner.postJson("/api/projects", Map.of("name", name));
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  private static String token(ApiClient client) {
    Response created =
        client.postJson("/api/me/tokens", Map.of("name", "git", "scopes", List.of("git")));
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("token").asString();
  }

  private static Path clone(String projectId, String secret, String name) {
    String url =
        "http://git-user:" + secret + "@127.0.0.1:" + stack.webPort() + "/git/" + projectId;
    git.ok(work, "clone", "-q", url, name);
    return work.resolve(name);
  }

  private static String text(String projectId, String path) {
    Response response = owner.get(file(projectId, path));
    assertThat(response.status()).isEqualTo(200);
    return response.text();
  }

  private static long treeVersion(String projectId) {
    return owner.get("/api/projects/" + projectId + "/tree").json().get("treeVersion").asLong();
  }

  private static String file(String projectId, String path) {
    return "/api/projects/" + projectId + "/files/" + path;
  }

  private static String basic(String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString(("x:" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    bytes[0] = 0;
    return bytes;
  }
}
