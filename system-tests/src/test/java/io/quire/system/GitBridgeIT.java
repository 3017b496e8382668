package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.common.contract.GitSyncJob;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The real {@code git} client against web (which passes {@code /git/**} on) and git-worker, with
 * the real RabbitMQ and Redis: clone, pull and push, and every refusal with its message.
 */
class GitBridgeIT {
  private static QuireStack stack;
  private static ConfigurableApplicationContext gitWorker;

  @TempDir Path work;
  private GitCli git;
  private ApiClient owner;
  private String ownerEmail;
  private String token;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack();
    gitWorker =
        stack.startGitWorker(
            "git-worker",
            // small limits keep the refusal tests quick; the defaults are 50 MB and 2000 files
            Map.of("quire.git.max-file-size", "1MB", "quire.git.max-files", "100"));
    int gitPort = ((WebServerApplicationContext) gitWorker).getWebServer().getPort();
    stack.startWeb(
        Map.of(
            "quire.git-bridge.worker-url",
            "http://127.0.0.1:" + gitPort,
            // no sync job races the tests; syncTheRepositoryAheadOfFetch queues its own
            "quire.git-bridge.sync-debounce",
            "1h"));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void signIn() throws Exception {
    git = new GitCli(Files.createDirectories(work.resolve("home")));
    owner = stack.newClient();
    ownerEmail = "owner-" + UUID.randomUUID() + "@example.org";
    assertThat(owner.register(ownerEmail, "a good passphrase", "Olga Owner").status())
        .isEqualTo(201);
    token = createToken(owner).get("token").asString();
  }

  @Test
  void aCloneEditedWithABinaryARenameAndADeleteIsPushedIntoTheProject() {
    String project = project();
    put(project, "old-name.tex", "\\section{Moved}\n");
    put(project, "gone.tex", "bye\n");
    String movedDocId = entity(project, "old-name.tex").get("docId").asString();

    Path clone = clone(project, token, "clone");
    assertThat(GitCli.read(clone.resolve("main.tex"))).isEqualTo(text(project, "main.tex"));
    assertThat(GitCli.read(clone.resolve("old-name.tex"))).isEqualTo("\\section{Moved}\n");

    GitCli.write(clone.resolve("main.tex"), "\\documentclass{article}\n% pushed by git\n");
    byte[] picture = randomBytes(20_000);
    picture[0] = 0;
    GitCli.write(clone.resolve("figures/plot.png"), picture);
    GitCli.write(clone.resolve("chapters/intro.tex"), "\\section{Intro}\n");
    git.ok(clone, "mv", "old-name.tex", "chapters/new-name.tex");
    git.ok(clone, "rm", "-q", "gone.tex");
    git.ok(clone, "add", "-A");
    git.ok(clone, "commit", "-q", "-m", "Edit, add, rename, delete");
    git.ok(clone, "push", "-q", "origin", "main");

    assertThat(text(project, "main.tex")).isEqualTo("\\documentclass{article}\n% pushed by git\n");
    assertThat(owner.get(file(project, "figures/plot.png")).body()).isEqualTo(picture);
    assertThat(entity(project, "figures/plot.png").get("kind").asString()).isEqualTo("file");
    JsonNode renamed = entity(project, "chapters/new-name.tex");
    assertThat(renamed.get("kind").asString()).isEqualTo("doc");
    assertThat(renamed.get("docId").asString()).isEqualTo(movedDocId);
    assertThat(owner.get(file(project, "gone.tex")).status()).isEqualTo(404);
    assertThat(owner.get(file(project, "old-name.tex")).status()).isEqualTo(404);

    // the pushed commit is the project's state: nothing new to fetch, and a second push works
    git.ok(clone, "pull", "-q", "--ff-only");
    GitCli.write(clone.resolve("main.tex"), "second push\n");
    git.ok(clone, "commit", "-q", "-am", "Again");
    git.ok(clone, "push", "-q", "origin", "main");
    assertThat(text(project, "main.tex")).isEqualTo("second push\n");
  }

  @Test
  void anEditMadeInQuireArrivesWithGitPullAuthoredByItsEditor() {
    String project = project();
    Path clone = clone(project, token, "clone");

    put(project, "main.tex", "edited in Quire\n");
    git.ok(clone, "pull", "-q", "--ff-only");

    assertThat(GitCli.read(clone.resolve("main.tex"))).isEqualTo("edited in Quire\n");
    assertThat(git.ok(clone, "log", "-1", "--format=%an <%ae>%n%B"))
        .contains("Olga Owner <" + ownerEmail + ">")
        .contains("tree version");
  }

  @Test
  void aPushFromAStaleCloneIsRefusedAndLeavesTheProjectAsItWas() {
    String project = project();
    Path clone = clone(project, token, "clone");
    put(project, "main.tex", "newer in Quire\n");
    long treeVersion = treeVersion(project);

    GitCli.write(clone.resolve("main.tex"), "older in git\n");
    git.ok(clone, "commit", "-q", "-am", "Stale");
    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output())
        .contains("remote: the project changed since your last pull: pull first")
        .contains("[remote rejected]");
    assertThat(text(project, "main.tex")).isEqualTo("newer in Quire\n");
    assertThat(treeVersion(project)).isEqualTo(treeVersion);

    // after a pull (a merge here), the push goes through
    git.run(clone, "pull", "-q", "--no-rebase", "-X", "theirs", "--no-edit");
    git.ok(clone, "push", "-q", "origin", "main");
    assertThat(text(project, "main.tex")).isEqualTo("newer in Quire\n");
  }

  @Test
  void aPushWhileACollaboratorEditsTheSameDocumentLosesNeitherChange() {
    String project = project();
    put(project, "main.tex", "\\section{One}\nfirst line\n\nmiddle\n\nlast line\n");
    ApiClient writer = stack.newClient();
    String writerEmail = "writer-" + UUID.randomUUID() + "@example.org";
    assertThat(writer.register(writerEmail, "a good passphrase", "Wanda Writer").status())
        .isEqualTo(201);
    assertThat(
            writer
                .acceptInvitation(
                    owner.postJson(
                        "/api/projects/" + project + "/collaborators",
                        Map.of("email", writerEmail, "access", "readWrite")))
                .status())
        .isEqualTo(200);
    Path clone = clone(project, token, "clone");

    // the collaborator's edit lands as an ordinary update after the clone, on the last line
    assertThat(
            writer
                .put(
                    file(project, "main.tex"),
                    text(project, "main.tex").replace("last line", "last line, edited in Quire"))
                .status())
        .isBetween(200, 204);
    GitCli.write(
        clone.resolve("main.tex"),
        GitCli.read(clone.resolve("main.tex")).replace("first line", "first line, pushed by git"));
    git.ok(clone, "commit", "-q", "-am", "Edit the first line");

    // the clone is stale: refused, then a pull merges both (different lines) and the push goes in
    GitCli.Result refused = git.run(clone, "push", "origin", "main");
    assertThat(refused.ok()).isFalse();
    assertThat(refused.output()).contains("pull first");
    assertThat(text(project, "main.tex")).contains("last line, edited in Quire");
    git.ok(clone, "pull", "-q", "--no-rebase", "--no-edit");
    git.ok(clone, "push", "-q", "origin", "main");

    String both =
        "\\section{One}\nfirst line, pushed by git\n\nmiddle\n\nlast line, edited in Quire\n";
    assertThat(text(project, "main.tex")).isEqualTo(both);
    assertThat(GitCli.read(clone.resolve("main.tex"))).isEqualTo(both);
    Path other = clone(project, token, "other");
    assertThat(GitCli.read(other.resolve("main.tex"))).isEqualTo(both);
    git.ok(clone, "pull", "-q", "--ff-only");
    assertThat(GitCli.read(clone.resolve("main.tex"))).isEqualTo(both);
  }

  @Test
  void aSymlinkIsRefusedWithAMessage() throws Exception {
    String project = project();
    Path clone = clone(project, token, "clone");
    Files.createSymbolicLink(clone.resolve("secret.tex"), Path.of("/etc/passwd"));

    assertRefused(project, clone, "remote: symbolic links are not allowed");
  }

  @Test
  void aSubmoduleIsRefusedWithAMessage() {
    String project = project();
    Path clone = clone(project, token, "clone");
    String head = git.ok(clone, "rev-parse", "HEAD").strip();
    git.ok(clone, "update-index", "--add", "--cacheinfo", "160000," + head + ",vendor/lib");
    git.ok(clone, "commit", "-q", "-m", "A submodule");

    assertRefused(project, clone, "remote: submodules are not allowed");
  }

  @Test
  void anOversizedFileIsRefusedWithAMessage() {
    String project = project();
    Path clone = clone(project, token, "clone");
    GitCli.write(clone.resolve("huge.bin"), randomBytes(1024 * 1024 + 1));

    // refused while the pack arrives, before anything is stored
    assertRefused(project, clone, "Object too large");
  }

  @Test
  void tooManyFilesAreRefusedWithAMessage() {
    String project = project();
    Path clone = clone(project, token, "clone");
    for (int i = 0; i < 100; i++) {
      GitCli.write(clone.resolve("many/file-" + i + ".tex"), "file " + i + "\n");
    }

    assertRefused(project, clone, "remote: a project may hold at most 100 files");
  }

  @Test
  void aReadOnlyCollaboratorCanCloneButNotPushAndAStrangerSeesNoProject() {
    String project = project();
    ApiClient reader = stack.newClient();
    String readerEmail = "reader-" + UUID.randomUUID() + "@example.org";
    assertThat(reader.register(readerEmail, "a good passphrase", "Rita Reader").status())
        .isEqualTo(201);
    Response invited =
        owner.postJson(
            "/api/projects/" + project + "/collaborators",
            Map.of("email", readerEmail, "access", "readOnly"));
    assertThat(invited.status()).isEqualTo(201);
    assertThat(reader.acceptInvitation(invited).status()).isEqualTo(200);
    String readerToken = createToken(reader).get("token").asString();

    Path clone = clone(project, readerToken, "reader");
    GitCli.write(clone.resolve("main.tex"), "reader was here\n");
    git.ok(clone, "commit", "-q", "-am", "Not allowed");
    GitCli.Result push = git.run(clone, "push", "origin", "main");
    assertThat(push.ok()).isFalse();
    assertThat(push.output()).contains("read-only access");
    assertThat(text(project, "main.tex")).doesNotContain("reader was here");

    ApiClient stranger = stack.newClient();
    stranger.register("stranger-" + UUID.randomUUID() + "@example.org", "a good passphrase", "S");
    GitCli.Result clone2 =
        git.run(work, "clone", url(project, createToken(stranger).get("token").asString()), "x");
    assertThat(clone2.ok()).isFalse();
    assertThat(clone2.output()).contains("no access");
  }

  @Test
  void aTokenWithoutTheGitScopeIsRefusedByGitThroughWeb() {
    String project = project();
    Response created =
        owner.postJson("/api/me/tokens", Map.of("name", "api", "scopes", List.of("api")));
    assertThat(created.status()).isEqualTo(201);

    GitCli.Result clone =
        git.run(work, "clone", url(project, created.json().get("token").asString()), "api-only");

    assertThat(clone.ok()).isFalse();
    assertThat(clone.output()).contains("not for git").contains("git scope");
  }

  @Test
  void wrongRevokedTokensAndAccountPasswordsAreRefused() {
    String project = project();
    Response dbg =
        owner.get(
            "/git/" + project + "/info/refs?service=git-upload-pack",
            Map.of("Authorization", basic(token)));
    System.out.println("DEBUG " + dbg.status() + " " + dbg.headers() + " " + dbg.text());
    dbg = owner.get("/git/" + project + "/info/refs?service=git-upload-pack", Map.of());
    System.out.println("DEBUG2 " + dbg.status() + " " + dbg.headers() + " " + dbg.text());

    GitCli.Result wrong = git.run(work, "clone", url(project, "qpat_not-a-real-token"), "a");
    assertThat(wrong.ok()).isFalse();
    assertThat(wrong.output()).contains("invalid, expired or revoked");

    GitCli.Result password = git.run(work, "clone", url(project, "a%20good%20passphrase"), "b");
    assertThat(password.ok()).isFalse();
    assertThat(password.output()).contains("use a personal access token");

    JsonNode second = createToken(owner);
    Path clone = clone(project, second.get("token").asString(), "c");
    assertThat(owner.delete("/api/me/tokens/" + second.get("id").asString()).status())
        .isEqualTo(204);
    GitCli.Result fetch = git.run(clone, "fetch", "origin");
    assertThat(fetch.ok()).isFalse();
    assertThat(fetch.output()).contains("invalid, expired or revoked");

    Response raw =
        owner.get(
            "/git/" + project + "/info/refs?service=git-upload-pack",
            Map.of("Authorization", basic("qpat_revoked")));
    assertThat(raw.status()).isEqualTo(401);
    assertThat(raw.header("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
  }

  @Test
  void aSyncJobCommitsTheProjectAheadOfFetchAndADeletedProjectLosesItsRepository() {
    String project = project();
    clone(project, token, "clone");
    Path repo = stack.dataDir("git-worker").resolve("git").resolve(project + ".git");
    String before = git.ok(work, "--git-dir=" + repo, "rev-parse", "main").strip();

    put(project, "main.tex", "synced ahead\n");
    stack
        .web()
        .getBean(MessagePublisher.class)
        .publishJob(
            JobQueue.GIT_SYNC,
            new GitSyncJob(
                UUID.randomUUID().toString(),
                project,
                "test",
                Instant.now(),
                GitSyncJob.Action.SYNC));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> !git.ok(work, "--git-dir=" + repo, "rev-parse", "main").strip().equals(before));
    assertThat(git.ok(work, "--git-dir=" + repo, "show", "main:main.tex"))
        .isEqualTo("synced ahead\n");

    assertThat(owner.delete("/api/projects/" + project).status()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(repo));
  }

  @Test
  void housekeepingPacksLooseObjectsAndTheRepositoryStillServesClones() {
    String project = project();
    clone(project, token, "before-gc");
    put(project, "main.tex", "one more version\n");
    clone(project, token, "second");
    Path repo = stack.dataDir("git-worker").resolve("git").resolve(project + ".git");
    assertThat(looseObjects(repo)).as("loose objects before gc").isPositive();

    gitWorker.getBean(io.quire.git.sync.RepositoryHousekeeping.class).collectAll();

    assertThat(looseObjects(repo)).as("loose objects after gc").isZero();
    Path again = clone(project, token, "after-gc");
    assertThat(again.resolve("main.tex")).hasContent("one more version\n");
  }

  @Test
  void concurrentClonesOfAChangedProjectAllGetTheSameCurrentState() throws Exception {
    String project = project();
    put(project, "main.tex", "changed just before four people clone\n");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<Path>> clones = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String name = "parallel-" + i;
      clones.add(pool.submit(() -> clone(project, token, name)));
    }
    java.util.Set<String> heads = new java.util.HashSet<>();
    for (var clone : clones) {
      Path dir = clone.get();
      assertThat(dir.resolve("main.tex")).hasContent("changed just before four people clone\n");
      heads.add(git.ok(dir, "rev-parse", "HEAD").strip());
    }
    pool.shutdown();
    assertThat(heads).as("one commit for the current state, not one per clone").hasSize(1);
  }

  private long looseObjects(Path repo) {
    String counts = git.ok(work, "--git-dir=" + repo, "count-objects", "-v");
    return counts
        .lines()
        .filter(line -> line.startsWith("count:"))
        .mapToLong(line -> Long.parseLong(line.substring("count:".length()).strip()))
        .findFirst()
        .orElseThrow();
  }

  // ---------------------------------------------------------------- steps

  private void assertRefused(String project, Path clone, String message) {
    long treeVersion = treeVersion(project);
    String mainBefore = text(project, "main.tex");
    git.ok(clone, "add", "-A");
    git.run(clone, "commit", "-q", "-m", "Should be refused");

    GitCli.Result push = git.run(clone, "push", "origin", "main");

    assertThat(push.ok()).isFalse();
    assertThat(push.output()).contains(message).contains("[remote rejected] main -> main");
    assertThat(treeVersion(project)).isEqualTo(treeVersion);
    assertThat(text(project, "main.tex")).isEqualTo(mainBefore);
  }

  private String project() {
    Response created = owner.postJson("/api/projects", Map.of("name", "Git project"));
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  private JsonNode createToken(ApiClient client) {
    Response created =
        client.postJson("/api/me/tokens", Map.of("name", "git", "scopes", List.of("git")));
    assertThat(created.status()).isEqualTo(201);
    return created.json();
  }

  private Path clone(String project, String secret, String name) {
    git.ok(work, "clone", "-q", url(project, secret), name);
    return work.resolve(name);
  }

  private static String url(String project, String secret) {
    return "http://git-user:" + secret + "@127.0.0.1:" + stack.webPort() + "/git/" + project;
  }

  private void put(String project, String path, String text) {
    Response put = owner.put(file(project, path), text);
    assertThat(put.status()).isBetween(200, 204);
  }

  private String text(String project, String path) {
    Response response = owner.get(file(project, path));
    assertThat(response.status()).isEqualTo(200);
    return response.text();
  }

  private JsonNode entity(String project, String path) {
    for (JsonNode e : owner.get("/api/projects/" + project + "/tree").json().get("entities")) {
      if (e.get("path").asString().equals(path)) {
        return e;
      }
    }
    throw new AssertionError("no " + path + " in the tree of " + project);
  }

  private long treeVersion(String project) {
    return owner.get("/api/projects/" + project + "/tree").json().get("treeVersion").asLong();
  }

  private static String file(String project, String path) {
    return "/api/projects/" + project + "/files/" + path;
  }

  private static String basic(String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString(("x:" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
