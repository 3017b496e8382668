package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quire.common.blob.Hashes;
import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Project history through web, RabbitMQ and history-worker: edits and tree changes become versions,
 * which can be listed, diffed, restored and downloaded.
 */
class HistoryIT {
  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private ApiClient owner;
  private String ownerId;

  @TempDir static Path work;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack();
    ConfigurableApplicationContext gitWorker = stack.startGitWorker("git-worker", Map.of());
    int gitPort = ((WebServerApplicationContext) gitWorker).getWebServer().getPort();
    stack.startWeb(
        Map.of(
            "quire.history.debounce",
            "300ms",
            // versions above this are zipped by history-worker; the other tests' stay direct
            "quire.history.direct-zip-max",
            "4KB",
            "quire.git-bridge.worker-url",
            "http://127.0.0.1:" + gitPort));
    // no merging of bursts, so each awaited state is a version of its own
    worker =
        stack.startHistoryWorker("history-worker-a", Map.of("quire.history.merge-window", "0s"));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void signIn() {
    owner = stack.newClient();
    ownerId = register(owner, "owner");
  }

  @Test
  void concurrentEditsByTwoUsersEndUpInVersionsNamingBothAuthors() throws Exception {
    String project = newProject();
    ApiClient coAuthor = stack.newClient();
    String coAuthorEmail = "co-" + UUID.randomUUID() + "@example.org";
    coAuthor.register(coAuthorEmail, "a good passphrase", "Co Author");
    String coAuthorId = coAuthor.get("/api/me").json().get("id").asString();
    assertThat(
            coAuthor
                .acceptInvitation(
                    owner.postJson(
                        "/api/projects/" + project + "/collaborators",
                        Map.of("email", coAuthorEmail, "access", "readWrite")))
                .status())
        .isEqualTo(200);

    CompletableFuture<Void> first =
        CompletableFuture.runAsync(() -> edit(owner, project, "owner.tex", "owner", 8));
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(() -> edit(coAuthor, project, "co.tex", "co", 8));
    CompletableFuture.allOf(first, second).get();

    JsonNode latest =
        awaitVersion(
            project,
            v ->
                hasFile(project, v, "owner.tex", "owner 8\n")
                    && hasFile(project, v, "co.tex", "co 8\n"));
    Set<String> authors = new HashSet<>();
    for (JsonNode version : versions(project)) {
      version.get("authors").forEach(a -> authors.add(a.get("id").asString()));
    }
    assertThat(authors).contains(ownerId, coAuthorId);
    assertThat(latest.get("number").asLong()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void renamesDeletionsAndBinaryChangesAppearInTheVersionSummaries() {
    String project = newProject();
    byte[] picture = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
    owner.put("/api/projects/" + project + "/files/figure.png", picture);
    owner.put("/api/projects/" + project + "/files/chapter.tex", "one\ntwo\n");
    owner.put("/api/projects/" + project + "/files/notes.tex", "to be deleted\n");
    long before =
        awaitVersion(project, v -> hasFile(project, v, "notes.tex", "to be deleted\n"))
            .get("number")
            .asLong();

    owner.postJson(
        "/api/projects/" + project + "/move", Map.of("from", "chapter.tex", "to", "intro.tex"));
    owner.delete("/api/projects/" + project + "/files/notes.tex");
    owner.put("/api/projects/" + project + "/files/figure.png", new byte[] {9, 8, 7, 6, 0});

    awaitVersion(
        project,
        v ->
            fileHashes(project, v).containsKey("intro.tex")
                && !fileHashes(project, v).containsKey("notes.tex")
                && fileHashes(project, v)
                    .get("figure.png")
                    .equals(Hashes.sha256(new byte[] {9, 8, 7, 6, 0})));
    List<String> changes = new ArrayList<>();
    for (JsonNode version : versions(project)) {
      if (version.get("number").asLong() > before) {
        version
            .get("changes")
            .forEach(
                c ->
                    changes.add(
                        c.get("type").asString()
                            + " "
                            + c.get("path").asString()
                            + (c.get("from") == null || c.get("from").isNull()
                                ? ""
                                : " from " + c.get("from").asString())));
      }
    }
    assertThat(changes)
        .contains("renamed intro.tex from chapter.tex", "deleted notes.tex", "binary figure.png");
  }

  @Test
  void aRedeliveredOrRepeatedJobChangesNothing() {
    String project = newProject();
    owner.put("/api/projects/" + project + "/files/main.tex", "settled\n");
    JsonNode settled = awaitVersion(project, v -> hasFile(project, v, "main.tex", "settled\n"));
    List<String> before = versionFingerprints(project);
    MessagePublisher publisher = worker.getBean(MessagePublisher.class);
    double done = jobsDone();

    HistoryIngestJob job =
        new HistoryIngestJob(UUID.randomUUID().toString(), project, ownerId, Instant.now(), 0);
    publisher.publishJob(JobQueue.HISTORY_INGEST, job);
    publisher.publishJob(JobQueue.HISTORY_INGEST, job);
    publisher.publishJob(
        JobQueue.HISTORY_INGEST,
        new HistoryIngestJob(UUID.randomUUID().toString(), project, ownerId, Instant.now(), 0));

    await().atMost(Duration.ofSeconds(30)).until(() -> jobsDone() >= done + 3);
    assertThat(versionFingerprints(project)).isEqualTo(before);
    assertThat(versions(project).get(0).get("number").asLong())
        .isEqualTo(settled.get("number").asLong());
  }

  @Test
  void restoringAFileAndTheWholeProjectGivesByteIdenticalContent() {
    String project = newProject();
    String text = "caf\u00e9 \u2014 na\u00efve\r\nsecond line\n\tthird\n";
    byte[] data = {0, (byte) 0xff, 1, (byte) 0xfe, 2};
    owner.put("/api/projects/" + project + "/files/main.tex", text);
    owner.put("/api/projects/" + project + "/files/data.bin", data);
    owner.put("/api/projects/" + project + "/files/sections/other.tex", "kept\n");
    long good =
        awaitVersion(
                project,
                v ->
                    hasFile(project, v, "sections/other.tex", "kept\n")
                        && hasFile(project, v, "main.tex", text)
                        && hasBytes(project, v, "data.bin", data))
            .get("number")
            .asLong();

    owner.put("/api/projects/" + project + "/files/main.tex", "ruined\n");
    owner.put("/api/projects/" + project + "/files/data.bin", new byte[] {7});
    owner.delete("/api/projects/" + project + "/files/sections/other.tex");
    owner.put("/api/projects/" + project + "/files/extra.tex", "not in the good version\n");
    owner.put("/api/projects/" + project + "/files/figures/new/plot.tex", "a new folder\n");
    assertThat(
            owner
                .postJson("/api/projects/" + project + "/folders", Map.of("path", "notes"))
                .status())
        .isEqualTo(201);
    long ruined =
        awaitVersion(project, v -> hasFile(project, v, "extra.tex", "not in the good version\n"))
            .get("number")
            .asLong();

    Response fileRestore =
        owner.postJson(
            "/api/projects/" + project + "/history/restore",
            Map.of("version", good, "path", "main.tex"));
    assertThat(fileRestore.status()).isEqualTo(200);
    assertThat(file(project, "main.tex")).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(file(project, "data.bin")).isEqualTo(new byte[] {7});

    Response projectRestore =
        owner.postJson("/api/projects/" + project + "/history/restore", Map.of("version", good));
    assertThat(projectRestore.status()).isEqualTo(200);
    assertThat(file(project, "main.tex")).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(file(project, "data.bin")).isEqualTo(data);
    assertThat(file(project, "sections/other.tex"))
        .isEqualTo("kept\n".getBytes(StandardCharsets.UTF_8));
    assertThat(owner.get("/api/projects/" + project + "/files/extra.tex").status()).isEqualTo(404);
    // the folders the restore emptied are gone; an empty folder from before stays
    List<String> paths = new ArrayList<>();
    for (JsonNode e : owner.get("/api/projects/" + project + "/tree").json().get("entities")) {
      paths.add(e.get("path").asString());
    }
    assertThat(paths).contains("sections", "notes").doesNotContain("figures", "figures/new");

    // the restore ends in a version of its own with the good version's content (its steps may
    // land in more than one version: the history is cut by time, not by request)
    Map<String, String> goodContent = zip(project, good);
    JsonNode restored =
        awaitVersion(
            project,
            v ->
                v.get("number").asLong() > ruined
                    && zip(project, v.get("number").asLong()).equals(goodContent));
    assertThat(restored.get("number").asLong()).isGreaterThan(ruined);
  }

  @Test
  void aDiffOfTwoVersionsShowsExactlyTheChangedLines() {
    String project = newProject();
    StringBuilder original = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      original.append("line ").append(i).append('\n');
    }
    String changed = original.toString().replace("line 3\n", "line three\n") + "line 11\n";
    owner.put("/api/projects/" + project + "/files/doc.tex", original.toString());
    long from =
        awaitVersion(project, v -> hasFile(project, v, "doc.tex", original.toString()))
            .get("number")
            .asLong();
    owner.put("/api/projects/" + project + "/files/doc.tex", changed);
    long to =
        awaitVersion(project, v -> hasFile(project, v, "doc.tex", changed)).get("number").asLong();

    JsonNode diff =
        owner
            .get(
                "/api/projects/"
                    + project
                    + "/history/diff?from="
                    + from
                    + "&to="
                    + to
                    + "&path=doc.tex")
            .json();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    diff.get("hunks")
        .forEach(
            h ->
                h.get("lines")
                    .forEach(
                        l -> {
                          if (l.get("type").asString().equals("added")) {
                            added.add(l.get("text").asString());
                          } else if (l.get("type").asString().equals("removed")) {
                            removed.add(l.get("text").asString());
                          }
                        }));
    assertThat(removed).containsExactly("line 3");
    assertThat(added).containsExactly("line three", "line 11");
    assertThat(diff.get("status").asString()).isEqualTo("edited");

    JsonNode whole =
        owner.get("/api/projects/" + project + "/history/diff?from=" + from + "&to=" + to).json();
    assertThat(whole.get("files")).hasSize(1);
    assertThat(whole.get("files").get(0).get("path").asString()).isEqualTo("doc.tex");
    assertThat(whole.get("files").get(0).get("linesAdded").asInt()).isEqualTo(2);
    assertThat(whole.get("files").get(0).get("linesRemoved").asInt()).isEqualTo(1);
  }

  @Test
  void labelsAreListedWithTheirVersionAndCanBeDeleted() {
    String project = newProject();
    long number = awaitVersion(project, v -> true).get("number").asLong();

    Response created =
        owner.postJson(
            "/api/projects/" + project + "/history/labels",
            Map.of("version", number, "comment", "first draft"));

    assertThat(created.status()).isEqualTo(201);
    JsonNode listed = versions(project).get(0).get("labels");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("comment").asString()).isEqualTo("first draft");
    String labelId = created.json().get("id").asString();
    assertThat(owner.delete("/api/projects/" + project + "/history/labels/" + labelId).status())
        .isEqualTo(204);
    assertThat(versions(project).get(0).get("labels")).isEmpty();
  }

  @Test
  void aGitPushBecomesAVersionAuthoredByThePushingUser() throws Exception {
    String project = newProject();
    ApiClient pusher = stack.newClient();
    String pusherEmail = "pusher-" + UUID.randomUUID() + "@example.org";
    assertThat(pusher.register(pusherEmail, "a good passphrase", "Pat Pusher").status())
        .isEqualTo(201);
    String pusherId = pusher.get("/api/me").json().get("id").asString();
    assertThat(
            pusher
                .acceptInvitation(
                    owner.postJson(
                        "/api/projects/" + project + "/collaborators",
                        Map.of("email", pusherEmail, "access", "readWrite")))
                .status())
        .isEqualTo(200);
    Response token =
        pusher.postJson("/api/me/tokens", Map.of("name", "git", "scopes", List.of("git")));
    assertThat(token.status()).isEqualTo(201);
    long before = awaitVersion(project, v -> true).get("number").asLong();
    // web's own jobs are all done: web never sees a push, so only git-worker can queue the next
    awaitHistoryQuiet();
    assertThat(versions(project).get(0).get("number").asLong()).isEqualTo(before);

    GitCli git = new GitCli(Files.createDirectories(work.resolve("home-" + project)));
    String url =
        "http://git-user:"
            + token.json().get("token").asString()
            + "@127.0.0.1:"
            + stack.webPort()
            + "/git/"
            + project;
    git.ok(work, "clone", "-q", url, project);
    Path clone = work.resolve(project);
    String pushedMain = "\\documentclass{article}\n% pushed by git\n";
    byte[] figure = {(byte) 0x89, 'P', 'N', 'G', 0, 42, 7};
    GitCli.write(clone.resolve("main.tex"), pushedMain);
    GitCli.write(clone.resolve("chapters/intro.tex"), "\\section{Intro}\n");
    GitCli.write(clone.resolve("figure.png"), figure);
    git.ok(clone, "add", "-A");
    git.ok(clone, "commit", "-q", "-m", "Pushed from git");
    git.ok(clone, "push", "-q", "origin", "main");

    JsonNode pushed =
        awaitVersion(
            project,
            v ->
                hasFile(project, v, "main.tex", pushedMain)
                    && hasFile(project, v, "chapters/intro.tex", "\\section{Intro}\n")
                    && hasBytes(project, v, "figure.png", figure));
    assertThat(pushed.get("number").asLong()).isEqualTo(before + 1);
    List<String> authors = new ArrayList<>();
    pushed.get("authors").forEach(a -> authors.add(a.get("id").asString()));
    assertThat(authors).containsExactly(pusherId);
    assertThat(pushed.get("authors").get(0).get("name").asString()).isEqualTo("Pat Pusher");
    List<String> changes = new ArrayList<>();
    pushed
        .get("changes")
        .forEach(c -> changes.add(c.get("type").asString() + " " + c.get("path").asString()));
    assertThat(changes)
        .containsExactlyInAnyOrder(
            "edited main.tex", "added chapters/intro.tex", "added figure.png");
  }

  @Test
  void aLargeVersionIsZippedByAnExportJobWithByteIdenticalFiles() throws Exception {
    String project = newProject();
    Map<String, byte[]> expected = new HashMap<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      text.append("caf\u00e9 line ").append(i).append(i % 7 == 0 ? "\r\n" : "\n");
    }
    byte[] binary = new byte[50_000];
    new java.util.Random(3).nextBytes(binary);
    binary[0] = 0;
    expected.put("chapters/long.tex", text.toString().getBytes(StandardCharsets.UTF_8));
    expected.put("figures/noise.bin", binary);
    expected.forEach(
        (path, bytes) ->
            assertThat(owner.put("/api/projects/" + project + "/files/" + path, bytes).status())
                .isBetween(200, 204));
    expected.put("main.tex", file(project, "main.tex"));
    long number =
        awaitVersion(
                project,
                v ->
                    hasBytes(project, v, "chapters/long.tex", expected.get("chapters/long.tex"))
                        && hasBytes(project, v, "figures/noise.bin", binary))
            .get("number")
            .asLong();
    String download = "/api/projects/" + project + "/history/versions/" + number + "/download.zip";

    // the download link of a large version starts an export instead of streaming
    Response accepted = owner.get(download);
    assertThat(accepted.status()).isIn(202, 303);
    Response posted =
        owner.postJson(
            "/api/projects/" + project + "/history/versions/" + number + "/zip", Map.of());
    assertThat(posted.status()).isIn(200, 202);
    String exportId = posted.json().get("id").asString();
    String statusUrl = posted.json().get("statusUrl").asString();
    assertThat(posted.header("Location")).contains(statusUrl);
    if (accepted.status() == 202) {
      assertThat(accepted.json().get("id").asString()).as("the same export").isEqualTo(exportId);
    }

    JsonNode[] ready = {null};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode status = owner.get(statusUrl).json();
              assertThat(status.get("status").asString()).isIn("queued", "running", "ready");
              ready[0] = status;
              return status.get("status").asString().equals("ready");
            });
    assertThat(ready[0].get("files").asInt()).isEqualTo(3);
    Response zip = owner.get(ready[0].get("downloadUrl").asString());
    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.header("Content-Disposition"))
        .hasValueSatisfying(h -> assertThat(h).contains("-v" + number + ".zip"));
    Map<String, byte[]> entries = unzip(zip.body());
    assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((path, bytes) -> assertThat(entries.get(path)).as(path).isEqualTo(bytes));
    assertThat(ready[0].get("size").asLong()).isEqualTo(zip.body().length);

    // now the old link leads to the built zip, and asking again builds nothing new
    Response redirected = owner.get(download);
    assertThat(redirected.status()).isEqualTo(303);
    assertThat(redirected.header("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith(ready[0].get("downloadUrl").asString()));
    Response again =
        owner.postJson(
            "/api/projects/" + project + "/history/versions/" + number + "/zip", Map.of());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("id").asString()).isEqualTo(exportId);

    // a stranger sees neither the export nor its zip
    ApiClient stranger = stack.newClient();
    register(stranger, "stranger");
    assertThat(stranger.get(statusUrl).status()).isEqualTo(404);
    assertThat(stranger.get(ready[0].get("downloadUrl").asString()).status()).isEqualTo(404);
    assertThat(owner.get(statusUrl.replace(exportId, "0123456789abcdef01234567")).status())
        .isEqualTo(404);
    assertThat(
            owner
                .postJson("/api/projects/" + project + "/history/versions/999/zip", Map.of())
                .status())
        .isEqualTo(404);

    // an export whose job was lost (here: made to look running for eleven minutes) is reported
    // failed with a message instead of running for ever
    stack
        .web()
        .getBean(MongoDatabase.class)
        .getCollection("historyExports")
        .updateOne(
            Filters.eq("_id", new ObjectId(exportId)),
            Updates.combine(
                Updates.set("status", "running"),
                Updates.set("created", Date.from(Instant.now().minusSeconds(660)))));
    JsonNode lost = owner.get(statusUrl).json();
    assertThat(lost.get("status").asString()).isEqualTo("failed");
    assertThat(lost.get("error").asString()).contains("The export was lost");
  }

  // --- steps ---

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  /** Waits until no history job is queued or running and none finished for a second. */
  private void awaitHistoryQuiet() {
    AmqpAdmin admin = worker.getBean(AmqpAdmin.class);
    String queue = worker.getBean(QueueTopology.class).queue(JobQueue.HISTORY_INGEST);
    double[] last = {-1};
    long[] stableSince = {System.nanoTime()};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              QueueInformation info = admin.getQueueInfo(queue);
              double done = jobsDone();
              if (info == null || info.getMessageCount() > 0 || done != last[0]) {
                last[0] = done;
                stableSince[0] = System.nanoTime();
                return false;
              }
              return System.nanoTime() - stableSince[0] > 1_000_000_000L;
            });
  }

  private static String register(ApiClient client, String name) {
    Response registered =
        client.register(name + "-" + UUID.randomUUID() + "@example.org", "a good passphrase", name);
    assertThat(registered.status()).isEqualTo(201);
    return client.get("/api/me").json().get("id").asString();
  }

  private String newProject() {
    Response created = owner.postJson("/api/projects", Map.of("name", "History"));
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  private static void edit(ApiClient client, String project, String path, String who, int times) {
    for (int i = 1; i <= times; i++) {
      Response written =
          client.put("/api/projects/" + project + "/files/" + path, who + " " + i + "\n");
      assertThat(written.status()).isBetween(200, 204);
    }
  }

  private List<JsonNode> versions(String project) {
    Response page = owner.get("/api/projects/" + project + "/history/versions?limit=100");
    assertThat(page.status()).isEqualTo(200);
    List<JsonNode> versions = new ArrayList<>();
    page.json().get("versions").forEach(versions::add);
    return versions;
  }

  /** Waits until the newest version satisfies the condition; returns it. */
  private JsonNode awaitVersion(String project, Predicate<JsonNode> condition) {
    JsonNode[] found = {null};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              List<JsonNode> versions = versions(project);
              if (versions.isEmpty() || !condition.test(versions.get(0))) {
                return false;
              }
              found[0] = versions.get(0);
              return true;
            });
    return found[0];
  }

  private Map<String, String> fileHashes(String project, JsonNode version) {
    JsonNode detail =
        owner
            .get("/api/projects/" + project + "/history/versions/" + version.get("number").asLong())
            .json();
    Map<String, String> hashes = new HashMap<>();
    detail
        .get("files")
        .forEach(f -> hashes.put(f.get("path").asString(), f.get("hash").asString()));
    return hashes;
  }

  private boolean hasFile(String project, JsonNode version, String path, String text) {
    return hasBytes(project, version, path, text.getBytes(StandardCharsets.UTF_8));
  }

  private boolean hasBytes(String project, JsonNode version, String path, byte[] content) {
    return Hashes.sha256(content).equals(fileHashes(project, version).get(path));
  }

  private byte[] file(String project, String path) {
    Response response = owner.get("/api/projects/" + project + "/files/" + path);
    assertThat(response.status()).isEqualTo(200);
    return response.body();
  }

  /** Number, revision-free summary and file hashes of every version. */
  private List<String> versionFingerprints(String project) {
    List<String> prints = new ArrayList<>();
    for (JsonNode version : versions(project)) {
      prints.add(version.toString() + fileHashes(project, version));
    }
    return prints;
  }

  private Map<String, String> zip(String project, long number) {
    Response response =
        owner.get("/api/projects/" + project + "/history/versions/" + number + "/download.zip");
    assertThat(response.status()).isEqualTo(200);
    Map<String, String> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), Hashes.sha256(in.readAllBytes()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return entries;
  }

  private double jobsDone() {
    QueueTopology topology = worker.getBean(QueueTopology.class);
    Timer timer =
        worker
            .getBean(MeterRegistry.class)
            .find("quire.job.run")
            .tags("queue", topology.queue(JobQueue.HISTORY_INGEST), "outcome", "done")
            .timer();
    return timer == null ? 0 : timer.count();
  }
}
