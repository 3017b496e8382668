package io.quire.compile.preamble;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.project.ProjectPaths;
import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides for each compile whether a format of its preamble can stand in for running the preamble
 * ({@link #plan}); {@link FormatBuilder} builds the formats. A format lives in the workspace
 * ({@link FormatFiles}) and in Redis ({@link FormatStore}) for other workers.
 *
 * <p>Everything here is on the side of caution: any doubt (an engine whose dumps were not shown to
 * give the same PDF, a draft compile, a preamble that writes an index, a file the sandbox replaced
 * by a link, a failed dump) means the plain compile, which is what the user would get anyway.
 */
public final class PreambleCache {
  private static final Logger LOG = LoggerFactory.getLogger(PreambleCache.class);

  /** Root paths mylatexformat reads as one file name from its command line. */
  private static final Pattern PLAIN_ROOT = Pattern.compile("[A-Za-z0-9._/-]+");

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
      return "-fmt=" + FormatFiles.formatName(key);
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
          + FormatFiles.formatName(key)
          + " %S";
    }
  }

  /**
   * @param enabled whether formats are used at all
   * @param minCompiles compiles of one preamble without a format before one is built
   */
  public record Settings(boolean enabled, int minCompiles) {}

  private final FormatStore store;
  private final TexIdentity identity;
  private final FormatFiles files;
  private final Settings settings;
  private final MeterRegistry meters;
  private final String sandboxName;

  /**
   * @param sandboxName the sandbox compiles run in, part of the TeX installation's identity
   */
  public PreambleCache(
      FormatStore store,
      TexIdentity identity,
      FormatFiles files,
      Settings settings,
      MeterRegistry meters,
      String sandboxName) {
    this.store = store;
    this.identity = identity;
    this.files = files;
    this.settings = settings;
    this.meters = meters;
    this.sandboxName = sandboxName;
  }

  /** The engines with formats: pdfTeX in PDF and DVI mode (XeTeX and LuaTeX: see ADR 0008). */
  public static Optional<Engine> engine(Compiler compiler) {
    return switch (compiler) {
      case PDFLATEX -> Optional.of(new Engine("pdflatex", "-pdflatex"));
      case LATEX -> Optional.of(new Engine("latex", "-latex"));
      case XELATEX, LUALATEX -> Optional.empty();
    };
  }

  /** Decides, after the workspace was synced, whether this compile uses a format. */
  public Plan plan(CompileJob job, Workspace workspace) {
    Plan plan;
    try {
      plan = decide(job, workspace);
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

  private Plan decide(CompileJob job, Workspace workspace) throws IOException {
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
    if (paths.stream()
        .anyMatch(p -> p.equals(FormatFiles.DIR) || p.startsWith(FormatFiles.DIR + "/"))) {
      return Plan.none("the project has files under " + FormatFiles.DIR);
    }
    Optional<byte[]> rootBytes =
        SafeFiles.readRegular(workspace.sources(), root, Preamble.MAX_ROOT_BYTES);
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
    if (mark.isPresent() && SafeFiles.inputsMatch(workspace.sources(), mark.get().inputs())) {
      return new Plan(engine.get(), key, null, false, "no format: " + mark.get().reason());
    }
    Optional<FormatRecord> local = files.localRecord(workspace);
    if (local.isPresent()
        && local.get().key().equals(key)
        && FormatFiles.formatFileMatches(workspace, local.get())
        && SafeFiles.inputsMatch(workspace.sources(), local.get().inputs())) {
      store.touch(job.projectId());
      return new Plan(engine.get(), key, local.get(), false, null);
    }
    Optional<FormatRecord> shared = store.record(job.projectId());
    if (shared.isPresent()
        && shared.get().key().equals(key)
        && SafeFiles.inputsMatch(workspace.sources(), shared.get().inputs())) {
      Optional<byte[]> format = store.format(job.projectId());
      if (format.isPresent() && format.get().length == shared.get().size()) {
        files.install(workspace, shared.get(), format.get());
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

  private void count(String outcome) {
    meters.counter("quire.compile.preamble", "outcome", outcome).increment();
  }
}
