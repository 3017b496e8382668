package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.common.blob.Hashes;
import io.quire.common.history.FileChange;
import io.quire.common.history.FileState;
import io.quire.common.history.LabelStore;
import io.quire.common.history.Version;
import io.quire.common.history.VersionStore;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./quire bench history}: history figures on the real stack (web, history-worker, RabbitMQ,
 * Redis, the embedded MongoDB): listing a page of a project with 10,000 versions, the diff of two
 * versions of a 1 MB document, and restoring a 200-file project. The 10,000 versions are written
 * straight through the version store (ingesting 10,000 real jobs would only measure the setup);
 * everything measured goes through the HTTP API. It asserts only that answers are right; timings
 * are reported against their targets, never asserted, since machines differ.
 */
class HistoryBenchmark {
  private static final int VERSIONS = Integer.getInteger("quire.bench.history-versions", 10_000);
  private static final int ROUNDS = Integer.getInteger("quire.bench.rounds", 300);
  private static final int PAGE = 20;
  private static final int SNAPSHOT_FILES = 30;
  private static final int BIG_DOC_BYTES = 1024 * 1024;
  private static final int RESTORE_DOCS = 185;
  private static final int RESTORE_BINARIES = 15;
  private static final int RESTORE_ROUNDS = Integer.getInteger("quire.bench.restore-rounds", 3);
  private static final List<String> REPORT = new ArrayList<>();

  private static QuireStack stack;
  private static ApiClient client;

  @BeforeAll
  static void start() throws Exception {
    stack = new QuireStack().startWeb(Map.of("quire.history.debounce", "300ms"));
    stack.startHistoryWorker("bench-history", Map.of("quire.history.merge-window", "0s"));
    client = stack.newClient();
    assertThat(
            client
                .register("bench-" + UUID.randomUUID() + "@example.org", "a good passphrase", "B")
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    BenchFigures.print(
        "history benchmark (" + VERSIONS + " versions, " + ROUNDS + " listing rounds", REPORT);
  }

  @Test
  void historyFigures() throws Exception {
    listing();
    diffOfAOneMegabyteDocument();
    restoreOfA200FileProject();
  }

  /** A page of versions, newest first and deep in the history, of a project with 10,000. */
  private void listing() throws Exception {
    String project = project("History bench: 10k versions");
    String userId = client.get("/api/me").json().get("id").asString();
    // version 1 is the real one history-worker makes of the new project; nothing changes after it
    assertThat(awaitVersion(project, v -> true).get("number").asLong()).isEqualTo(1);
    long started = System.nanoTime();
    insertVersions(project, userId);
    double setup = (System.nanoTime() - started) / 1e9;
    REPORT.add(
        String.format(
            Locale.ROOT,
            "setup: %d versions of %d files written through the store in %.1f s",
            VERSIONS,
            SNAPSHOT_FILES,
            setup));

    Random random = new Random(11);
    String base = "/api/projects/" + project + "/history/versions?limit=" + PAGE;
    for (int i = 0; i < 50; i++) { // warm-up: JIT, connection pools
      client.get(base);
      client.get(base + "&before=" + (2 + random.nextInt(VERSIONS - 1)));
    }
    List<Long> newest = new ArrayList<>();
    List<Long> deep = new ArrayList<>();
    List<Long> baseline = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      // the same client's cheapest authenticated call: what any API request costs here
      long t0 = System.nanoTime();
      assertThat(client.get("/api/me").status()).isEqualTo(200);
      baseline.add(System.nanoTime() - t0);

      t0 = System.nanoTime();
      Response first = client.get(base);
      newest.add(System.nanoTime() - t0);
      assertThat(first.status()).isEqualTo(200);

      long before = PAGE + 1 + random.nextInt(VERSIONS - PAGE);
      t0 = System.nanoTime();
      Response page = client.get(base + "&before=" + before);
      deep.add(System.nanoTime() - t0);
      assertThat(page.status()).isEqualTo(200);
      if (i == 0) {
        JsonNode versions = first.json().get("versions");
        assertThat(versions).hasSize(PAGE);
        assertThat(versions.get(0).get("number").asLong()).isEqualTo(VERSIONS);
        assertThat(first.json().get("nextBefore").asLong()).isEqualTo(VERSIONS - PAGE + 1);
        JsonNode older = page.json().get("versions");
        assertThat(older).hasSize(PAGE);
        assertThat(older.get(0).get("number").asLong()).isEqualTo(before - 1);
        assertThat(older.get(PAGE - 1).get("number").asLong()).isEqualTo(before - PAGE);
      }
    }
    // the last page: ends at version 1, with nothing after it
    JsonNode last = client.get(base + "&before=" + (PAGE / 2 + 1)).json();
    assertThat(last.get("versions")).hasSize(PAGE / 2);
    assertThat(last.get("nextBefore").isNull()).isTrue();

    List<Long> all = new ArrayList<>(newest);
    all.addAll(deep);
    line("list versions, newest page, p50", p(newest, 50), "<= 50 ms", 50);
    line("list versions, newest page, p99", p(newest, 99), "<= 50 ms", 50);
    line("list versions, random older page, p50", p(deep, 50), "<= 50 ms", 50);
    line("list versions, random older page, p99", p(deep, 99), "<= 50 ms", 50);
    line("list versions, all pages, p99", p(all, 99), "<= 50 ms", 50);
    REPORT.add(
        String.format(
            Locale.ROOT,
            "  baseline GET /api/me, same client and rounds: p50 %.1f ms, p99 %.1f ms"
                + " (listing p50 / baseline p50: %.2f)",
            p(baseline, 50),
            p(baseline, 99),
            p(all, 50) / p(baseline, 50)));
  }

  /**
   * Versions 2 to 10,000 of a 30-file project, written by several threads, every 100th labelled.
   */
  private static void insertVersions(String project, String userId) throws Exception {
    VersionStore versions = stack.web().getBean(VersionStore.class);
    LabelStore labels = stack.web().getBean(LabelStore.class);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    Instant origin = Instant.now().minus(Duration.ofDays(300));
    for (int t = 0; t < threads; t++) {
      int first = t;
      done.add(
          pool.submit(
              () -> {
                for (int n = first + 2; n <= VERSIONS; n += threads) {
                  assertThat(versions.insert(syntheticVersion(project, userId, n, origin)))
                      .isTrue();
                  if (n % 100 == 0) {
                    labels.create(project, n, "milestone " + n / 100, userId);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private static Version syntheticVersion(String project, String userId, long n, Instant origin) {
    List<FileState> files = new ArrayList<>();
    for (int f = 0; f < SNAPSHOT_FILES; f++) {
      String path = f == 0 ? "main.tex" : String.format(Locale.ROOT, "chapters/ch-%02d.tex", f);
      // the file edited in version n gets that version's content
      long content = f == n % SNAPSHOT_FILES ? n : n - (n % SNAPSHOT_FILES) - SNAPSHOT_FILES + f;
      files.add(
          new FileState(
              path,
              FileState.DOC,
              Hashes.sha256((path + content).getBytes(StandardCharsets.UTF_8)),
              20_000 + f,
              "doc-" + f));
    }
    String edited = files.get((int) (n % SNAPSHOT_FILES)).path();
    Instant at = origin.plusSeconds(n * 60);
    return new Version(
        project,
        n,
        0,
        List.of(userId),
        at,
        at.plusSeconds(20),
        files,
        List.of(new FileChange(edited, FileChange.EDITED, null, 3, 1)),
        Map.of(),
        n);
  }

  /** Two versions of a 1 MB document, 1 % of its lines changed, ingested by history-worker. */
  private void diffOfAOneMegabyteDocument() {
    String project = project("History bench: 1 MB document");
    Random random = new Random(5);
    List<String> lines = new ArrayList<>();
    int size = 0;
    while (size < BIG_DOC_BYTES - 100) {
      String line = sentence(random, 40 + random.nextInt(60));
      lines.add(line);
      size += line.length() + 1;
    }
    String before = String.join("\n", lines) + "\n";
    List<String> changedLines = new ArrayList<>(lines);
    int changed = lines.size() / 100;
    for (int i = 0; i < changed; i++) {
      int at = (int) ((long) i * lines.size() / changed) + random.nextInt(20);
      changedLines.set(Math.min(at, lines.size() - 1), sentence(random, 60));
    }
    String after = String.join("\n", changedLines) + "\n";
    long from = putAndAwait(project, "thesis.tex", before);
    long to = putAndAwait(project, "thesis.tex", after);

    String path =
        "/api/projects/"
            + project
            + "/history/diff?from="
            + from
            + "&to="
            + to
            + "&path=thesis.tex";
    for (int i = 0; i < 5; i++) {
      client.get(path);
    }
    List<Long> times = new ArrayList<>();
    JsonNode diff = null;
    for (int i = 0; i < Math.max(10, ROUNDS / 10); i++) {
      long t0 = System.nanoTime();
      Response response = client.get(path);
      times.add(System.nanoTime() - t0);
      assertThat(response.status()).isEqualTo(200);
      if (diff == null) {
        diff = response.json();
      }
    }
    assertThat(diff.get("status").asString()).isEqualTo("edited");
    assertThat(diff.get("linesRemoved").asInt()).isBetween(changed / 2, changed);
    REPORT.add(
        String.format(
            Locale.ROOT,
            "setup: %d kB document, %d lines, %d changed (+%d -%d)",
            before.length() / 1024,
            lines.size(),
            changed,
            diff.get("linesAdded").asInt(),
            diff.get("linesRemoved").asInt()));
    line("diff of two versions of a 1 MB doc, p50", p(times, 50), "<= 100 ms", 100);
    line("diff of two versions of a 1 MB doc, p99", p(times, 99), "<= 100 ms", 100);
  }

  /** Restoring a 185-document, 15-binary project to a version after changing half of it. */
  private void restoreOfA200FileProject() {
    String project = project("History bench: restore");
    Random random = new Random(9);
    Map<String, byte[]> good = new LinkedHashMap<>();
    for (int i = 0; i < RESTORE_DOCS; i++) {
      String path = i == 0 ? "main.tex" : String.format(Locale.ROOT, "chapters/part-%03d.tex", i);
      good.put(path, (sentence(random, 4000) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < RESTORE_BINARIES; i++) {
      byte[] bytes = new byte[60_000];
      random.nextBytes(bytes);
      bytes[0] = 0;
      good.put(String.format(Locale.ROOT, "figures/fig-%02d.png", i), bytes);
    }
    good.forEach((path, bytes) -> put(project, path, bytes));
    long goodVersion =
        awaitVersion(
                project,
                v -> {
                  Map<String, String> hashes = fileHashes(project, v.get("number").asLong());
                  return good.entrySet().stream()
                      .allMatch(e -> Hashes.sha256(e.getValue()).equals(hashes.get(e.getKey())));
                })
            .get("number")
            .asLong();

    List<Long> times = new ArrayList<>();
    for (int round = 0; round < RESTORE_ROUNDS; round++) {
      // half the documents edited, binaries replaced, files deleted and added
      int i = 0;
      for (String path : good.keySet()) {
        if (path.endsWith(".png")) {
          put(project, path, new byte[] {0, (byte) round, (byte) i});
        } else if (i % 2 == 0) {
          put(project, path, "rewritten in round " + round + "\n");
        } else if (i % 17 == 0) {
          assertThat(client.delete("/api/projects/" + project + "/files/" + path).status())
              .isEqualTo(204);
        }
        i++;
      }
      for (int extra = 0; extra < 10; extra++) {
        put(project, "extra/new-" + round + "-" + extra + ".tex", "added later\n");
      }

      long t0 = System.nanoTime();
      Response restored =
          client.postJson(
              "/api/projects/" + project + "/history/restore", Map.of("version", goodVersion));
      times.add(System.nanoTime() - t0);
      assertThat(restored.status()).as(restored.text()).isEqualTo(200);

      for (Map.Entry<String, byte[]> file : good.entrySet()) {
        assertThat(client.get("/api/projects/" + project + "/files/" + file.getKey()).body())
            .as(file.getKey())
            .isEqualTo(file.getValue());
      }
      JsonNode tree = client.get("/api/projects/" + project + "/tree").json();
      long files = 0;
      for (JsonNode entity : tree.get("entities")) {
        if (!entity.get("kind").asString().equals("folder")) {
          files++;
        }
      }
      assertThat(files).as("nothing added since the version is left").isEqualTo(good.size());
    }
    line(
        "restore a " + good.size() + "-file project, p50 of " + RESTORE_ROUNDS,
        p(times, 50),
        "<= 2000 ms",
        2000);
  }

  // --- steps ---

  private static String project(String name) {
    Response created = client.postJson("/api/projects", Map.of("name", name));
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  private static void put(String project, String path, String text) {
    put(project, path, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void put(String project, String path, byte[] content) {
    Response put = client.put("/api/projects/" + project + "/files/" + path, content);
    assertThat(put.status()).as(put.text()).isBetween(200, 204);
  }

  private static long putAndAwait(String project, String path, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    put(project, path, bytes);
    String hash = Hashes.sha256(bytes);
    return awaitVersion(
            project, v -> hash.equals(fileHashes(project, v.get("number").asLong()).get(path)))
        .get("number")
        .asLong();
  }

  private static JsonNode awaitVersion(String project, Predicate<JsonNode> condition) {
    JsonNode[] found = {null};
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              JsonNode versions =
                  client
                      .get("/api/projects/" + project + "/history/versions?limit=1")
                      .json()
                      .get("versions");
              if (versions.isEmpty() || !condition.test(versions.get(0))) {
                return false;
              }
              found[0] = versions.get(0);
              return true;
            });
    return found[0];
  }

  private static Map<String, String> fileHashes(String project, long number) {
    Map<String, String> hashes = new HashMap<>();
    client
        .get("/api/projects/" + project + "/history/versions/" + number)
        .json()
        .get("files")
        .forEach(f -> hashes.put(f.get("path").asString(), f.get("hash").asString()));
    return hashes;
  }

  private static String sentence(Random random, int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      text.append(BenchFigures.word(random)).append(' ');
    }
    return text.append(random.nextInt(100_000)).append('.').toString();
  }

  private static void line(String name, double ms, String target, double targetMs) {
    REPORT.add(
        String.format(
            Locale.ROOT,
            "%-48s %9.1f ms   target %-10s ratio %.2f%s",
            name,
            ms,
            target,
            ms / targetMs,
            ms <= targetMs ? "" : "   (not met)"));
  }

  private static double p(List<Long> nanos, int percentile) {
    return BenchFigures.percentileMillis(nanos, percentile);
  }
}
