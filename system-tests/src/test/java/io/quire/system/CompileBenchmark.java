package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./quire bench compile}: prints compile figures, each next to a baseline measured in the
 * same run (raw latexmk on the same document, no queue, no sandbox). It asserts only that the
 * compiles succeed; timings are reported, never asserted, since machines differ.
 */
class CompileBenchmark {
  private static final int ROUNDS = Integer.getInteger("quire.bench.rounds", 15);

  /** Compiles before measuring: a running server is warm (JIT, connection pools, TeX caches). */
  private static final int WARM_UP = Integer.getInteger("quire.bench.warmup", 20);

  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private static ApiClient client;
  private static final List<String> REPORT = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    worker = stack.startCompileWorker("bench-worker", Map.of("quire.compile.concurrency", 2));
    client = stack.newClient();
    client.register("bench-" + UUID.randomUUID() + "@example.org", "a good passphrase", "Bench");
  }

  @AfterAll
  static void stop() {
    stack.close();
    BenchFigures.print("compile benchmark (" + ROUNDS + " rounds", REPORT);
  }

  @Test
  void compileFigures() throws Exception {
    String doc = Documents.text("one-page.tex");

    // 1. edit -> PDF, one-page document, vs raw latexmk
    String project = project(doc);
    // warm up both paths (JIT, caches, format files) so the rounds measure the steady state
    for (int i = 0; i < WARM_UP; i++) {
      client.put("/api/projects/" + project + "/files/main.tex", doc.replace("42", "warm-up " + i));
      compile(project, Map.of());
    }
    List<Long> quire = new ArrayList<>();
    double directBefore = directRuns();
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      client.put(
          "/api/projects/" + project + "/files/main.tex", doc.replace("42", "42 (" + i + ")"));
      JsonNode result = compile(project, Map.of());
      pdf(project, result);
      quire.add(System.nanoTime() - start);
    }
    Path raw = Files.createTempDirectory("quire-bench-raw");
    List<Long> latexmk = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rawLatexmk(raw, doc.replace("42", "warm-up " + i));
    }
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      rawLatexmk(raw, doc.replace("42", "42 (" + i + ")"));
      latexmk.add(System.nanoTime() - start);
    }
    line("edit->PDF one page p50", p(quire, 50), "raw latexmk p50", p(latexmk, 50));
    line("edit->PDF one page p95", p(quire, 95), "raw latexmk p95", p(latexmk, 95));
    REPORT.add(
        String.format(
            Locale.ROOT,
            "  (one engine run without latexmk in %.0f of %d edits; ADR 0011)",
            directRuns() - directBefore,
            ROUNDS));

    // 1b. edit -> PDF, preamble-heavy document (TikZ, pgfplots, amsmath, booktabs, hyperref,
    // cleveref) with its preamble's format warm, vs raw latexmk running the whole preamble
    String heavy = Documents.text("preamble/heavy.tex");
    String heavyProject = project(heavy.replace("BODY", "Warm-up"));
    for (int i = 0; i < Math.max(5, WARM_UP / 4); i++) {
      client.put(
          "/api/projects/" + heavyProject + "/files/main.tex",
          heavy.replace("BODY", "Warm-up " + i));
      compile(heavyProject, Map.of());
    }
    List<Long> quireHeavy = new ArrayList<>();
    int formatUsed = 0;
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      client.put(
          "/api/projects/" + heavyProject + "/files/main.tex", heavy.replace("BODY", "Round " + i));
      JsonNode result = compile(heavyProject, Map.of());
      pdf(heavyProject, result);
      quireHeavy.add(System.nanoTime() - start);
      formatUsed += result.get("preambleCached").asBoolean() ? 1 : 0;
    }
    Path rawHeavy = Files.createTempDirectory("quire-bench-heavy");
    List<Long> latexmkHeavy = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rawLatexmk(rawHeavy, heavy.replace("BODY", "Warm-up " + i));
    }
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      rawLatexmk(rawHeavy, heavy.replace("BODY", "Round " + i));
      latexmkHeavy.add(System.nanoTime() - start);
    }
    assertThat(formatUsed).as("compiles that used the preamble's format").isEqualTo(ROUNDS);
    line(
        "edit->PDF preamble-heavy p50, format warm",
        p(quireHeavy, 50),
        "raw latexmk p50",
        p(latexmkHeavy, 50));
    line(
        "edit->PDF preamble-heavy p95, format warm",
        p(quireHeavy, 95),
        "raw latexmk p95",
        p(latexmkHeavy, 95));

    // 1c. the same edit -> PDF through the plain pipeline (latexmk every time, no preamble
    // format): what queue, sandbox, sync and storage cost on their own
    stack.stop(worker);
    worker =
        stack.startCompileWorker(
            "bench-plain-worker",
            Map.of(
                "quire.compile.concurrency", 2,
                "quire.compile.direct-runs", false,
                "quire.compile.format-cache", false));
    String plainProject = project(doc);
    for (int i = 0; i < WARM_UP; i++) {
      client.put(
          "/api/projects/" + plainProject + "/files/main.tex", doc.replace("42", "plain " + i));
      compile(plainProject, Map.of());
    }
    List<Long> plain = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      client.put(
          "/api/projects/" + plainProject + "/files/main.tex", doc.replace("42", "42 [" + i + "]"));
      JsonNode result = compile(plainProject, Map.of());
      pdf(plainProject, result);
      plain.add(System.nanoTime() - start);
    }
    line(
        "edit->PDF one page p50, plain latexmk path",
        p(plain, 50),
        "raw latexmk p50",
        p(latexmk, 50));
    stack.stop(worker);
    worker = stack.startCompileWorker("bench-worker", Map.of("quire.compile.concurrency", 2));

    // 2. unchanged recompile, answered from the cache
    List<Long> cached = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      JsonNode result = compile(project, Map.of());
      cached.add(System.nanoTime() - start);
      assertThat(result.get("cached").asBoolean()).isTrue();
    }
    line("unchanged recompile p50", p(cached, 50), "raw latexmk p50", p(latexmk, 50));

    // 3. first compile on a worker without the workspace vs a rerun on the same worker
    String crossref = Documents.text("crossref.tex");
    List<Long> fresh = new ArrayList<>();
    List<Long> same = new ArrayList<>();
    Path workspaces = stack.dataDir("bench-worker").resolve("workspaces");
    for (int i = 0; i < ROUNDS; i++) {
      String p = project(crossref.replace("Text.", "Text " + i + "."));
      compile(p, Map.of());
      // a second compile of the preamble: its format is dumped after it, so the measured rerun
      // and the fresh worker's compile both start from everything a warm project has
      client.put(
          "/api/projects/" + p + "/files/main.tex", crossref.replace("Text.", "Again " + i + "."));
      compile(p, Map.of());
      QuireStack.awaitProjectReleased(worker, p);
      client.put(
          "/api/projects/" + p + "/files/main.tex", crossref.replace("Text.", "Same " + i + "."));
      long start = System.nanoTime();
      compile(p, Map.of());
      same.add(System.nanoTime() - start);
      QuireStack.awaitProjectReleased(worker, p);
      deleteTree(workspaces.resolve(p));
      client.put(
          "/api/projects/" + p + "/files/main.tex", crossref.replace("Text.", "Fresh " + i + "."));
      start = System.nanoTime();
      compile(p, Map.of());
      fresh.add(System.nanoTime() - start);
    }
    line("first compile on a fresh worker p50", p(fresh, 50), "same-worker rerun p50", p(same, 50));

    // 4. throughput with all slots busy vs raw latexmk with the same parallelism: first compiles
    // of new projects, then recompiles after an edit in projects compiled twice before (the
    // steady state of people editing; each side's second compile is not measured)
    int jobs = 24;
    List<String> projects = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      projects.add(project(doc.replace("42", "throughput " + i)));
    }
    long quireCold = burst(projects, (p, i) -> {});
    List<Path> rawDirs = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      rawDirs.add(Files.createTempDirectory("quire-bench-par"));
    }
    long rawCold = rawBurst(rawDirs, i -> doc.replace("42", "throughput " + i));
    throughputLine("throughput, " + jobs + " first compiles, 2 slots", quireCold, rawCold, jobs);

    burst(projects, (p, i) -> edit(p, doc.replace("42", "second " + i)));
    for (String p : projects) {
      QuireStack.awaitProjectReleased(worker, p);
    }
    rawBurst(rawDirs, i -> doc.replace("42", "second " + i));
    long quireWarm = burst(projects, (p, i) -> edit(p, doc.replace("42", "third " + i)));
    long rawWarm = rawBurst(rawDirs, i -> doc.replace("42", "third " + i));
    throughputLine("throughput, " + jobs + " recompiles, 2 slots", quireWarm, rawWarm, jobs);

    // 5. interactive latency with 100 background jobs queued vs idle
    String interactive = project(doc);
    List<Long> idle = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      client.put(
          "/api/projects/" + interactive + "/files/main.tex", doc.replace("42", "idle " + i));
      long t = System.nanoTime();
      compile(interactive, Map.of());
      idle.add(System.nanoTime() - t);
    }
    for (int i = 0; i < 100; i++) {
      String p = project(Documents.text("tikz.tex").replace("Parabola", "Background " + i));
      Response queued =
          client.postJson("/api/projects/" + p + "/compile", Map.of("priority", "background"));
      assertThat(queued.status()).isEqualTo(200);
    }
    List<Long> busy = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      client.put(
          "/api/projects/" + interactive + "/files/main.tex", doc.replace("42", "busy " + i));
      long t = System.nanoTime();
      compile(interactive, Map.of());
      busy.add(System.nanoTime() - t);
    }
    line(
        "interactive p50, 100 background queued",
        p(busy, 50),
        "interactive p50, idle",
        p(idle, 50));
  }

  /**
   * Compiles every project at once (each after {@code before}, untimed) and waits for all: the
   * wall-clock time from the first request to the last result.
   */
  private static long burst(List<String> projects, java.util.function.ObjIntConsumer<String> before)
      throws Exception {
    for (int i = 0; i < projects.size(); i++) {
      before.accept(projects.get(i), i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(projects.size());
    try {
      long start = System.nanoTime();
      List<Future<JsonNode>> submitted = new ArrayList<>();
      for (String p : projects) {
        submitted.add(pool.submit(() -> compile(p, Map.of())));
      }
      for (Future<JsonNode> f : submitted) {
        assertThat(f.get().get("status").asString()).isEqualTo("success");
      }
      return System.nanoTime() - start;
    } finally {
      pool.shutdown();
    }
  }

  /** latexmk in every directory, two at a time, each on the text for its index. */
  private static long rawBurst(List<Path> dirs, java.util.function.IntFunction<String> text)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      long start = System.nanoTime();
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < dirs.size(); i++) {
        int n = i;
        runs.add(
            pool.submit(
                () -> {
                  rawLatexmk(dirs.get(n), text.apply(n));
                  return null;
                }));
      }
      for (Future<?> f : runs) {
        f.get();
      }
      return System.nanoTime() - start;
    } finally {
      pool.shutdown();
    }
  }

  private static void edit(String project, String text) {
    client.put("/api/projects/" + project + "/files/main.tex", text);
  }

  private static void throughputLine(String name, long quireNanos, long rawNanos, int jobs) {
    double quirePerMinute = jobs * 60e9 / quireNanos;
    double rawPerMinute = jobs * 60e9 / rawNanos;
    REPORT.add(
        String.format(
            Locale.ROOT,
            "%-44s %8.1f /min   %-28s %8.1f /min   ratio %.2f",
            name,
            quirePerMinute,
            "raw latexmk, 2 in parallel",
            rawPerMinute,
            quirePerMinute / rawPerMinute));
  }

  private static double directRuns() {
    var counter =
        worker
            .getBean(io.micrometer.core.instrument.MeterRegistry.class)
            .find("quire.compile.path")
            .tag("path", "direct")
            .counter();
    return counter == null ? 0 : counter.count();
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

  private static double p(List<Long> nanos, int percentile) {
    return BenchFigures.percentileMillis(nanos, percentile);
  }

  /** latexmk as a user runs it on their own machine, with the same engine options. */
  private static void rawLatexmk(Path dir, String text) throws IOException, InterruptedException {
    Files.writeString(dir.resolve("main.tex"), text, StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(
                "latexmk",
                "-pdf",
                "-interaction=batchmode",
                "-synctex=1",
                "-file-line-error",
                "main.tex")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path file : files.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static String project(String main) {
    String id =
        client
            .postJson("/api/projects", Map.of("name", "Bench " + UUID.randomUUID()))
            .json()
            .get("id")
            .asString();
    client.put("/api/projects/" + id + "/files/main.tex", main);
    return id;
  }

  private static JsonNode compile(String project, Map<String, Object> options) {
    Map<String, Object> body = new java.util.HashMap<>(options);
    body.put("wait", true);
    Response response = client.postJson("/api/projects/" + project + "/compile", body);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    JsonNode json = response.json();
    assertThat(json.get("status").asString()).as(json.toString()).isEqualTo("success");
    return json;
  }

  private static void pdf(String project, JsonNode result) {
    Response pdf =
        client.get(
            "/api/projects/"
                + project
                + "/builds/"
                + result.get("buildId").asString()
                + "/output.pdf");
    assertThat(pdf.status()).isEqualTo(200);
  }
}
