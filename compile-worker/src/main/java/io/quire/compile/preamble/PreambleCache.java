package io.quire.compile.preamble;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.blob.Hashes;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.project.ProjectPaths;
import io.quire.common.project.TexFileNames;
import io.quire.compile.sandbox.SandboxCommand;
import io.quire.compile.sandbox.SandboxLimits;
import io.quire.compile.sandbox.SandboxProcess;
import io.quire.compile.sandbox.SandboxResult;
import io.quire.compile.sandbox.SandboxRunner;
import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides for each compile whether a format of its preamble can stand in for running the preamble,
 * and builds formats. A format lives in the workspace under {@link #DIR} (where TeX in the sandbox
 * can load it), its {@link FormatRecord} next to the workspace in the worker-owned directory, and
 * both in Redis ({@link FormatStore}) for other workers.
 *
 * <p>Everything here is on the side of caution: any doubt (an engine whose dumps were not shown to
 * give the same PDF, a draft compile, a preamble that writes an index, a file the sandbox replaced
 * by a link, a failed dump) means the plain compile, which is what the user would get anyway.
 */
public final class PreambleCache {
  private static final Logger LOG = LoggerFactory.getLogger(PreambleCache.class);

  /** The workspace directory of formats; project files under it turn the cache off. */
  public static final String DIR = ".quire-formats";

  static final String BUILD_DIR = DIR + "/build";
  static final String JOB_NAME = "output";
  private static final String RECORD_FILE = "format.json";
  private static final long MAX_LOG_BYTES = 8L << 20;
  private static final long MAX_INPUT_BYTES = 64L << 20;

  private static final long MAX_PROBE_BYTES = 16L << 20;

  /** The probes write uncompressed PDF, so {@link PdfFingerprint} can read it. */
  private static final String UNCOMPRESSED = "\\pdfobjcompresslevel=0 \\pdfcompresslevel=0 ";

  /** The body of the probe page; with a format this line is where mylatexformat resumes. */
  private static final String EMPTY_PAGE = "\\begin{document}\\shipout\\hbox{}\\end{document}";

  /**
   * Runs the root file's preamble the plain way and, at its {@code \begin{document}}, the probe
   * page instead of the body.
   */
  private static final String STOP_AT_DOCUMENT =
      "\\let\\QuireBegin\\begin \\def\\QuireDocument{document}"
          + "\\protected\\def\\begin#1{\\def\\QuireArg{#1}\\ifx\\QuireArg\\QuireDocument"
          + "\\let\\begin\\QuireBegin\\expandafter\\QuireProbe\\else"
          + "\\expandafter\\QuireBegin\\fi{#1}}"
          + "\\def\\QuireProbe#1{"
          + EMPTY_PAGE
          + "}";

  /** Root paths mylatexformat reads as one file name from its command line. */
  private static final Pattern PLAIN_ROOT = Pattern.compile("[A-Za-z0-9._/-]+");

  /** Log lines from which latexmk learns of an index or glossary; a dump would hide them. */
  private static final Pattern HIDDEN_FROM_LATEXMK =
      Pattern.compile("(?m)Writing (index|glossary|nomenclature) file");

  private static final Pattern TEX_ERROR = Pattern.compile("(?m)^(! |[^:\\n]+:\\d+: )");

  /**
   * An engine whose formats give the same PDF as its plain compiles (measured: ADR 0008).
   *
   * @param command the engine as latexmk runs it
   * @param latexmkOption the latexmk option that sets that command
   */
  public record Engine(String command, String latexmkOption) {}

  /**
   * What a compile does about its preamble.
   *
   * @param engine the engine, when it supports formats
   * @param key the format key, when the preamble can be dumped
   * @param record the format used, when one is
   * @param build whether to build a format after this compile
   * @param reason why no format is used, for the log
   */
  public record Plan(Engine engine, String key, FormatRecord record, boolean build, String reason) {
    static Plan none(String reason) {
      return new Plan(null, null, null, false, reason);
    }

    public boolean uses() {
      return record != null;
    }

    /** The engine option that loads this plan's format, for a run without latexmk. */
    public String formatOption() {
      if (!uses()) {
        throw new IllegalStateException("no format in this plan: " + reason);
      }
      return "-fmt=" + formatName(key);
    }

    /** The latexmk option that runs the engine with this plan's format. */
    public String latexmkOverride() {
      if (!uses()) {
        throw new IllegalStateException("no format in this plan: " + reason);
      }
      return engine.latexmkOption()
          + "="
          + engine.command()
          + " %O -fmt="
          + formatName(key)
          + " %S";
    }
  }

  /**
   * How to run a dump in the sandbox: the same environment, limits and image as the compile.
   *
   * @param environment TeX's whole environment
   * @param limits the compile's limits
   * @param timeout the compile's wall-clock timeout
   * @param image the job's TeX image
   */
  public record SandboxSpec(
      Map<String, String> environment, SandboxLimits limits, Duration timeout, String image) {}

  /**
   * @param enabled whether formats are used at all
   * @param minCompiles compiles of one preamble without a format before one is built
   */
  public record Settings(boolean enabled, int minCompiles) {}

  private final FormatStore store;
  private final TexIdentity identity;
  private final JsonMapper json;
  private final Settings settings;
  private final MeterRegistry meters;
  private final String workerId;
  private final Clock clock;

  public PreambleCache(
      FormatStore store,
      TexIdentity identity,
      JsonMapper json,
      Settings settings,
      MeterRegistry meters,
      String workerId,
      Clock clock) {
    this.store = store;
    this.identity = identity;
    this.json = json;
    this.settings = settings;
    this.meters = meters;
    this.workerId = workerId;
    this.clock = clock;
  }

  /** The engines with formats: pdfTeX in PDF and DVI mode (XeTeX and LuaTeX: see ADR 0008). */
  public static Optional<Engine> engine(Compiler compiler) {
    return switch (compiler) {
      case PDFLATEX -> Optional.of(new Engine("pdflatex", "-pdflatex"));
      case LATEX -> Optional.of(new Engine("latex", "-latex"));
      case XELATEX, LUALATEX -> Optional.empty();
    };
  }

  static String formatName(String key) {
    return DIR + "/" + key;
  }

  /** Decides, after the workspace was synced, whether this compile uses a format. */
  public Plan plan(CompileJob job, Workspace workspace, String sandboxName) {
    Plan plan;
    try {
      plan = decide(job, workspace, sandboxName);
    } catch (IOException | RuntimeException e) {
      // the cache must never cost a compile: without it the compile runs the plain way
      LOG.warn("Preamble cache of project {} skipped: {}", job.projectId(), e.toString());
      plan = Plan.none("error: " + e);
    }
    if (plan.uses()) {
      count("hit");
    } else if (plan.key() != null) {
      count("miss");
    }
    return plan;
  }

  private Plan decide(CompileJob job, Workspace workspace, String sandboxName) throws IOException {
    if (!settings.enabled()) {
      return Plan.none("the preamble cache is off");
    }
    Optional<Engine> engine = engine(job.options().compiler());
    if (engine.isEmpty()) {
      return Plan.none(job.options().compiler().wireName() + " has no formats");
    }
    if (job.options().draft()) {
      return Plan.none("draft compiles pass options to packages before the preamble");
    }
    String root = job.options().rootPath();
    if (!PLAIN_ROOT.matcher(root).matches() || !ProjectPaths.isSafe(root)) {
      return Plan.none("root path with characters TeX's command line splits");
    }
    List<String> paths = job.manifest().stream().map(ManifestEntry::path).toList();
    if (paths.stream().anyMatch(p -> p.equals(DIR) || p.startsWith(DIR + "/"))) {
      return Plan.none("the project has files under " + DIR);
    }
    Optional<byte[]> rootBytes = readRegular(workspace.sources(), root, Preamble.MAX_ROOT_BYTES);
    if (rootBytes.isEmpty()) {
      return Plan.none("no readable root file");
    }
    Preamble preamble = Preamble.of(rootBytes.get());
    if (!preamble.dumpable()) {
      return Plan.none(preamble.refusal());
    }
    Optional<String> tex = identity.of(engine.get().command(), sandboxName, job.texImage());
    if (tex.isEmpty()) {
      return Plan.none("the TeX installation cannot be identified");
    }
    String key = FormatKey.of(engine.get().command(), tex.get(), root, preamble, paths);
    Optional<NoFormat> mark = store.noFormat(job.projectId(), key);
    if (mark.isPresent() && inputsMatch(workspace.sources(), mark.get().inputs())) {
      return new Plan(engine.get(), key, null, false, "no format: " + mark.get().reason());
    }
    Optional<FormatRecord> local = localRecord(workspace);
    if (local.isPresent()
        && local.get().key().equals(key)
        && formatFileMatches(workspace, local.get())
        && inputsMatch(workspace.sources(), local.get().inputs())) {
      store.touch(job.projectId());
      return new Plan(engine.get(), key, local.get(), false, null);
    }
    Optional<FormatRecord> shared = store.record(job.projectId());
    if (shared.isPresent()
        && shared.get().key().equals(key)
        && inputsMatch(workspace.sources(), shared.get().inputs())) {
      Optional<byte[]> format = store.format(job.projectId());
      if (format.isPresent() && format.get().length == shared.get().size()) {
        install(workspace, shared.get(), format.get());
        LOG.info("Format of project {} restored from Redis", job.projectId());
        return new Plan(engine.get(), key, shared.get(), false, null);
      }
    }
    long seen = store.seen(job.projectId(), key);
    return new Plan(
        engine.get(), key, null, seen >= settings.minCompiles(), "no format yet (" + seen + ")");
  }

  /**
   * Marks a format that failed a compile the plain way passed: its preamble gets no format again
   * while the files it read are unchanged.
   */
  public void formattedCompileFailed(String projectId, Plan plan) {
    LOG.warn(
        "Project {}: the compile with format {} failed where the plain compile passed; no format"
            + " for this preamble",
        projectId,
        plan.key());
    count("fallback");
    try {
      store.markNoFormat(
          projectId,
          plan.key(),
          new NoFormat(
              "a compile with the format failed where the plain one passed",
              plan.record().inputs()));
    } catch (RuntimeException e) {
      LOG.warn("Could not mark project {}'s preamble as no format: {}", projectId, e.toString());
    }
  }

  /**
   * Dumps the preamble of the workspace's root file into a format, in the sandbox, and installs it;
   * a dump that fails or looks unsafe marks the preamble "no format" instead. Runs while the
   * project's lock is held, after the compile's result went out.
   */
  public void build(
      CompileJob job, Workspace workspace, Plan plan, SandboxRunner sandbox, SandboxSpec spec) {
    long started = System.nanoTime();
    Path sources = workspace.sources();
    try {
      Path buildDir = prepareBuildDir(sources);
      List<String> argv =
          List.of(
              plan.engine().command(),
              "-ini",
              "-interaction=batchmode",
              "-halt-on-error",
              "-file-line-error",
              "-recorder",
              "-no-shell-escape",
              "-output-directory=" + BUILD_DIR,
              "-jobname=" + JOB_NAME,
              "&" + plan.engine().command(),
              "mylatexformat.ltx",
              TexFileNames.argument(job.options().rootPath()));
      SandboxResult result = run(sandbox, spec, sources, argv);
      Verdict verdict = judge(job, sources, buildDir, result, spec.limits());
      if (verdict.refusal() == null) {
        verdict = new Verdict(probe(job, plan, sources, sandbox, spec), verdict.inputs());
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (verdict.refusal() != null) {
        LOG.info(
            "No format for project {} (dump took {} ms): {}",
            job.projectId(),
            ms,
            verdict.refusal());
        store.markNoFormat(
            job.projectId(), plan.key(), new NoFormat(verdict.refusal(), verdict.inputs()));
        count("build-failed");
        return;
      }
      Path built = buildDir.resolve(JOB_NAME + ".fmt");
      long size = Files.size(built);
      FormatRecord record =
          new FormatRecord(plan.key(), verdict.inputs(), size, clock.instant(), workerId);
      Path target = sources.resolve(formatName(plan.key()) + ".fmt");
      Files.move(
          built, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      removeOtherFormats(sources, plan.key());
      writeLocalRecord(workspace, record);
      long evicted = 0;
      if (size <= store.capBytes()) {
        evicted = store.save(job.projectId(), record, readRegular(target, size));
      }
      count("built");
      LOG.info(
          "Built format of project {} in {} ms: {} KB, {} local inputs, {} evicted from Redis",
          job.projectId(),
          ms,
          size / 1024,
          record.inputs().size(),
          evicted);
    } catch (IOException | RuntimeException e) {
      // the sandbox could not run, the workspace changed under us, or Redis failed: the compile's
      // result is out already; the next compile of this preamble tries again
      LOG.warn("Format build of project {} did not run: {}", job.projectId(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        clearBuildDir(sources);
      } catch (IOException e) {
        LOG.debug("could not clear the format build directory of {}", job.projectId(), e);
      }
    }
  }

  private record Verdict(String refusal, Map<String, String> inputs) {}

  private static SandboxResult run(
      SandboxRunner sandbox, SandboxSpec spec, Path sources, List<String> argv)
      throws IOException, InterruptedException {
    SandboxProcess process =
        sandbox.start(
            new SandboxCommand(
                sources, argv, spec.environment(), spec.timeout(), spec.limits(), spec.image()));
    return process.await();
  }

  /**
   * Runs an empty page through the new format and, for PDF output, through the plain preamble too,
   * both with uncompressed PDF; the two must have the same structure. This catches preambles whose
   * effect a format does not keep: what runs at {@code \begin{document}} failing without the
   * preamble's open files, objects written straight into the PDF, {@code \pdfcatalog} entries.
   *
   * @return why the format is refused, or null
   */
  private String probe(
      CompileJob job, Plan plan, Path sources, SandboxRunner sandbox, SandboxSpec spec)
      throws IOException, InterruptedException {
    boolean pdf = plan.engine().command().equals("pdflatex");
    String output = JOB_NAME + (pdf ? ".pdf" : ".dvi");
    Path withFormat = realDirectory(sources, BUILD_DIR + "/probe-format");
    SandboxResult formatted =
        run(
            sandbox,
            spec,
            sources,
            List.of(
                plan.engine().command(),
                "-fmt=" + BUILD_DIR + "/" + JOB_NAME,
                "-interaction=batchmode",
                "-halt-on-error",
                "-no-shell-escape",
                "-output-directory=" + BUILD_DIR + "/probe-format",
                "-jobname=" + JOB_NAME,
                UNCOMPRESSED + EMPTY_PAGE));
    Optional<byte[]> formattedOutput = readRegular(withFormat, output, MAX_PROBE_BYTES);
    if (formatted.exitCode() != 0 || formattedOutput.isEmpty()) {
      return "an empty page with the format failed: "
          + readRegular(withFormat, JOB_NAME + ".log", MAX_LOG_BYTES)
              .map(b -> firstError(new String(b, StandardCharsets.ISO_8859_1)))
              .orElse("no log");
    }
    if (!pdf) {
      return null;
    }
    Path plainDir = realDirectory(sources, BUILD_DIR + "/probe-plain");
    SandboxResult plain =
        run(
            sandbox,
            spec,
            sources,
            List.of(
                plan.engine().command(),
                "-interaction=batchmode",
                "-halt-on-error",
                "-no-shell-escape",
                "-output-directory=" + BUILD_DIR + "/probe-plain",
                "-jobname=" + JOB_NAME,
                UNCOMPRESSED
                    + STOP_AT_DOCUMENT
                    + "\\input{"
                    + TexFileNames.argument(job.options().rootPath())
                    + "}"));
    Optional<byte[]> plainOutput = readRegular(plainDir, output, MAX_PROBE_BYTES);
    if (plain.exitCode() != 0 || plainOutput.isEmpty()) {
      return "an empty page with the plain preamble failed, so the format cannot be checked";
    }
    Optional<PdfFingerprint> expected = PdfFingerprint.of(plainOutput.get());
    Optional<PdfFingerprint> actual = PdfFingerprint.of(formattedOutput.get());
    if (expected.isEmpty() || actual.isEmpty()) {
      return "the probe PDFs could not be read";
    }
    if (!expected.equals(actual)) {
      return "the format's PDF differs from the plain preamble's ("
          + expected.get().objects()
          + " objects vs "
          + actual.get().objects()
          + "): the preamble writes into the PDF directly";
    }
    return null;
  }

  private Verdict judge(
      CompileJob job, Path sources, Path buildDir, SandboxResult result, SandboxLimits limits)
      throws IOException {
    String log =
        readRegular(buildDir, JOB_NAME + ".log", MAX_LOG_BYTES)
            .map(b -> new String(b, StandardCharsets.ISO_8859_1))
            .orElse("");
    String fls =
        readRegular(buildDir, JOB_NAME + ".fls", MAX_LOG_BYTES)
            .map(b -> new String(b, StandardCharsets.UTF_8))
            .orElse("");
    Recorder recorder =
        Recorder.parse(
            fls,
            job.options().rootPath(),
            // the PDF (or DVI) may be opened by an image declared in the preamble; what the dump
            // writes into it is caught by the probe pages
            Set.of(
                BUILD_DIR + "/" + JOB_NAME + ".log",
                BUILD_DIR + "/" + JOB_NAME + ".fmt",
                BUILD_DIR + "/" + JOB_NAME + ".pdf",
                BUILD_DIR + "/" + JOB_NAME + ".dvi"));
    Map<String, String> inputs = new TreeMap<>();
    for (String input : recorder.inputs()) {
      Optional<String> hash = hash(sources, input);
      if (hash.isEmpty()) {
        return new Verdict("the preamble read " + input + ", which is not a plain file", Map.of());
      }
      inputs.put(input, hash.get());
    }
    String refusal = null;
    if (result.timedOut() || result.stopped()) {
      refusal = "the dump did not finish in time";
    } else if (result.exitCode() != 0 || TEX_ERROR.matcher(log).find()) {
      refusal = "the dump failed: " + firstError(log);
    } else if (HIDDEN_FROM_LATEXMK.matcher(log).find()) {
      refusal = "the preamble sets up an index or glossary, which latexmk learns of from its log";
    } else if (!recorder.unsafe().isEmpty()) {
      refusal = "the preamble read files outside the project: " + recorder.unsafe();
    } else if (!recorder.unexpectedOutputs().isEmpty()) {
      refusal = "the preamble wrote files while dumped: " + recorder.unexpectedOutputs();
    } else {
      Path fmt = buildDir.resolve(JOB_NAME + ".fmt");
      if (!Files.isRegularFile(fmt, LinkOption.NOFOLLOW_LINKS) || Files.size(fmt) == 0) {
        refusal = "the dump wrote no format";
      } else if (Files.size(fmt) > limits.maxFileBytes()) {
        refusal = "the format is larger than a compile may write";
      }
    }
    return new Verdict(refusal, inputs);
  }

  private static String firstError(String log) {
    return log.lines()
        .filter(l -> TEX_ERROR.matcher(l).lookingAt())
        .findFirst()
        .map(l -> l.length() > 200 ? l.substring(0, 200) : l)
        .orElse("(no TeX error in the log)");
  }

  // ------------------------------------------------------------------ workspace files

  private void install(Workspace workspace, FormatRecord record, byte[] format) throws IOException {
    Path dir = realDirectory(workspace.sources(), DIR);
    Path temp = Files.createTempFile(dir, ".download-", ".tmp");
    try {
      Files.write(temp, format);
      Files.move(
          temp,
          workspace.sources().resolve(formatName(record.key()) + ".fmt"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    removeOtherFormats(workspace.sources(), record.key());
    writeLocalRecord(workspace, record);
  }

  private Optional<FormatRecord> localRecord(Workspace workspace) {
    Path file = workspace.root().resolve(RECORD_FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), FormatRecord.class));
    } catch (RuntimeException e) {
      LOG.warn("Unreadable format record {}; ignoring it", file, e);
      return Optional.empty();
    }
  }

  private void writeLocalRecord(Workspace workspace, FormatRecord record) throws IOException {
    Path temp = Files.createTempFile(workspace.root(), ".format-", ".tmp");
    try {
      Files.writeString(temp, json.writeValueAsString(record));
      Files.move(
          temp,
          workspace.root().resolve(RECORD_FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static boolean formatFileMatches(Workspace workspace, FormatRecord record)
      throws IOException {
    Path file = workspace.sources().resolve(formatName(record.key()) + ".fmt");
    return isRealDirectory(workspace.sources().resolve(DIR))
        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        && Files.size(file) == record.size();
  }

  /** Whether every recorded input still has the content the format was built from. */
  static boolean inputsMatch(Path sources, Map<String, String> inputs) throws IOException {
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      Optional<String> hash = hash(sources, input.getKey());
      if (hash.isEmpty() || !hash.get().equals(input.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * SHA-256 of a workspace file, if it is a regular file reached without leaving the workspace (the
   * sandbox may have replaced a directory on the way with a link).
   */
  static Optional<String> hash(Path sources, String relative) throws IOException {
    if (!ProjectPaths.isSafe(relative)) {
      return Optional.empty();
    }
    Path file = ProjectPaths.resolve(sources, relative);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || !file.toRealPath().startsWith(sources.toRealPath())
        || Files.size(file) > MAX_INPUT_BYTES) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(Hashes.sha256(in));
    }
  }

  private static Optional<byte[]> readRegular(Path dir, String relative, long max)
      throws IOException {
    Path file = dir.resolve(relative);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || !file.toRealPath().startsWith(dir.toRealPath())
        || Files.size(file) > max) {
      return Optional.empty();
    }
    return Optional.of(readRegular(file, max));
  }

  private static byte[] readRegular(Path file, long max) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
    }
  }

  private static Path prepareBuildDir(Path sources) throws IOException {
    realDirectory(sources, DIR);
    Path build = realDirectory(sources, BUILD_DIR);
    clearBuildDir(sources);
    return build;
  }

  private static void clearBuildDir(Path sources) throws IOException {
    Path build = sources.resolve(BUILD_DIR);
    if (!isRealDirectory(sources.resolve(DIR)) || !isRealDirectory(build)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(build)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(entry);
        } else {
          Files.delete(entry);
        }
      }
    }
  }

  private static void removeOtherFormats(Path sources, String key) throws IOException {
    Path dir = sources.resolve(DIR);
    if (!isRealDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.fmt")) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().equals(key + ".fmt")) {
          if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(entry);
          } else {
            Files.delete(entry);
          }
        }
      }
    }
  }

  /**
   * Makes {@code relative} under {@code sources} a real directory, removing whatever the sandbox
   * may have put in its place (a link, a file), so the worker never writes through a link.
   */
  private static Path realDirectory(Path sources, String relative) throws IOException {
    Path current = sources;
    for (Path segment : Path.of(relative)) {
      current = current.resolve(segment);
      if (Files.isSymbolicLink(current)
          || (Files.exists(current, LinkOption.NOFOLLOW_LINKS)
              && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS))) {
        Files.delete(current);
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
      }
    }
    return current;
  }

  private static boolean isRealDirectory(Path dir) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private void count(String outcome) {
    meters.counter("quire.compile.preamble", "outcome", outcome).increment();
  }
}
