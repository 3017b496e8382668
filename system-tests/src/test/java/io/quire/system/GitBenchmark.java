package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./quire bench git}: clone and push figures of a 200-file, 10 MB project through web and
 * git-worker, each next to a baseline measured in the same run (the real {@code git} client against
 * a plain bare repository with the same content over {@code file://}). It asserts only that clones
 * and pushes carry the right content; timings are reported, never asserted, since machines differ.
 */
class GitBenchmark {
  private static final int ROUNDS = Integer.getInteger("quire.bench.rounds", 5);
  private static final int DOCS = 185;
  private static final int BINARIES = 15;
  private static final int DOC_BYTES = 30_000;
  private static final int BINARY_BYTES = 329_000;
  private static final int CHANGED = 50;
  private static final List<String> REPORT = new ArrayList<>();

  @TempDir static Path work;
  private static QuireStack stack;
  private static ApiClient client;
  private static GitCli git;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    stack = new QuireStack();
    ConfigurableApplicationContext gitWorker = stack.startGitWorker("git-worker", Map.of());
    int gitPort = ((WebServerApplicationContext) gitWorker).getWebServer().getPort();
    stack.startWeb(
        Map.of(
            "quire.git-bridge.worker-url",
            "http://127.0.0.1:" + gitPort,
            // no sync job builds the snapshot ahead: the first clone pays for it, and says so
            "quire.git-bridge.sync-debounce",
            "1h"));
    client = stack.newClient();
    client.register("bench-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Bench");
    Response created =
        client.postJson("/api/me/tokens", Map.of("name", "bench", "scopes", List.of("git")));
    assertThat(created.status()).isEqualTo(201);
    token = created.json().get("token").asString();
    git = new GitCli(Files.createDirectories(work.resolve("home")));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    BenchFigures.print("git benchmark (" + ROUNDS + " rounds", REPORT);
  }

  @Test
  void gitFigures() throws Exception {
    String project = tenMegabyteProject();
    String url = "http://git-user:" + token + "@127.0.0.1:" + stack.webPort() + "/git/" + project;

    // 1. clone: the first one commits the snapshot, later ones serve the repository as it is
    long start = System.nanoTime();
    Path clone = clone(url, "clone");
    long first = System.nanoTime() - start;
    assertThat(files(clone)).isEqualTo(DOCS + BINARIES);
    assertThat(GitCli.read(clone.resolve("chapters/doc-007.tex")))
        .isEqualTo(text(project, "chapters/doc-007.tex"));
    Path plain = work.resolve("plain.git");
    git.ok(work, "clone", "-q", "--bare", clone.toString(), plain.toString());
    String plainUrl = plain.toUri().toString();

    List<Long> quireClones = new ArrayList<>();
    List<Long> plainClones = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      start = System.nanoTime();
      Path c = clone(url, "quire-" + i);
      quireClones.add(System.nanoTime() - start);
      assertThat(files(c)).isEqualTo(DOCS + BINARIES);
      start = System.nanoTime();
      Path b = clone(plainUrl, "plain-" + i);
      plainClones.add(System.nanoTime() - start);
      assertThat(files(b)).isEqualTo(DOCS + BINARIES);
    }
    line("first clone, snapshot committed", first / 1e6, "plain git clone p50", p(plainClones));
    line("clone p50 (target <= 2000 ms)", p(quireClones), "plain git clone p50", p(plainClones));

    // 2. a push of 50 changed documents, applied to the project before git hears back
    git.ok(clone, "remote", "add", "plain", plainUrl);
    List<Long> quirePushes = new ArrayList<>();
    List<Long> plainPushes = new ArrayList<>();
    for (int round = 0; round <= ROUNDS; round++) {
      for (int i = 0; i < CHANGED; i++) {
        Path doc = clone.resolve(docPath(i * (DOCS / CHANGED)));
        GitCli.write(doc, "% round " + round + "\n" + GitCli.read(doc));
      }
      git.ok(clone, "commit", "-q", "-am", "Round " + round);
      start = System.nanoTime();
      git.ok(clone, "push", "-q", "origin", "main");
      long quire = System.nanoTime() - start;
      start = System.nanoTime();
      git.ok(clone, "push", "-q", "plain", "main");
      long baseline = System.nanoTime() - start;
      String last = docPath((CHANGED - 1) * (DOCS / CHANGED));
      assertThat(text(project, last)).isEqualTo(GitCli.read(clone.resolve(last)));
      if (round > 0) { // round 0 warms both paths up
        quirePushes.add(quire);
        plainPushes.add(baseline);
      }
    }
    line(
        "push of " + CHANGED + " changed docs p50",
        p(quirePushes),
        "plain git push p50",
        p(plainPushes));
  }

  /** 185 LaTeX documents of 30 kB (main.tex among them) and 15 binaries of 329 kB: 10 MB. */
  private static String tenMegabyteProject() {
    Response created = client.postJson("/api/projects", Map.of("name", "Git bench"));
    assertThat(created.status()).isEqualTo(201);
    String project = created.json().get("id").asString();
    Random random = new Random(42);
    for (int i = 0; i < DOCS; i++) {
      put(project, docPath(i), latex(random, i).getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < BINARIES; i++) {
      byte[] bytes = new byte[BINARY_BYTES];
      random.nextBytes(bytes);
      bytes[0] = 0;
      put(project, String.format(Locale.ROOT, "figures/plot-%02d.png", i), bytes);
    }
    return project;
  }

  private static String docPath(int i) {
    return i == 0 ? "main.tex" : String.format(Locale.ROOT, "chapters/doc-%03d.tex", i);
  }

  private static String latex(Random random, int n) {
    StringBuilder text = new StringBuilder("\\section{Part " + n + "}\n");
    while (text.length() < DOC_BYTES) {
      for (int w = 0; w < 12; w++) {
        text.append(BenchFigures.word(random)).append(' ');
      }
      text.append(random.nextInt(100_000)).append(".\n");
    }
    text.setLength(DOC_BYTES - 1);
    return text.append('\n').toString();
  }

  private static void put(String project, String path, byte[] content) {
    Response put = client.put("/api/projects/" + project + "/files/" + path, content);
    assertThat(put.status()).as(put.text()).isBetween(200, 204);
  }

  private static String text(String project, String path) {
    Response response = client.get("/api/projects/" + project + "/files/" + path);
    assertThat(response.status()).isEqualTo(200);
    return response.text();
  }

  private static Path clone(String url, String name) {
    git.ok(work, "clone", "-q", url, name);
    return work.resolve(name);
  }

  private static long files(Path clone) {
    try (Stream<Path> files = Files.walk(clone)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !clone.relativize(f).startsWith(".git"))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(String name, double ms, String baseline, double baselineMs) {
    REPORT.add(
        String.format(
            Locale.ROOT,
            "%-44s %8.1f ms   %-28s %8.1f ms   ratio %.2f",
            name,
            ms,
            baseline,
            baselineMs,
            ms / baselineMs));
  }

  /** The median, in milliseconds. */
  private static double p(List<Long> nanos) {
    return BenchFigures.percentileMillis(nanos, 50);
  }
}
