package io.quire.compile.job;

import io.quire.common.blob.Hashes;
import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.Compiler;
import io.quire.common.project.TexFileNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fast path of a recompile: one engine run without latexmk, when latexmk would do exactly that.
 *
 * <p>latexmk's own start (Perl, its rc handling, checksumming every input) costs about as much CPU
 * as a one-page pdflatex run. On a warm workspace whose last compile settled, an edit to {@code
 * .tex} files only makes latexmk run the engine once and stop, unless that run changes a file it
 * wrote (aux, toc, bcf, idx...): then it reruns the engine, or runs bibtex, biber or makeindex. So
 * the fast path runs the engine once with latexmk's exact options and compares every generated file
 * before and after; when one changed, latexmk takes over on that state and decides what else to
 * run. The PDF is the one latexmk would have produced (ADR 0011).
 */
final class DirectRun {
  /** Files of the previous run the comparison ignores: the final outputs and latexmk's records. */
  private static final Set<String> IGNORED =
      Set.of(
          CompileOutputs.PDF,
          CompileOutputs.LOG,
          CompileOutputs.SYNCTEX,
          LatexmkCommand.JOB_NAME + ".synctex(busy)",
          LatexmkCommand.JOB_NAME + ".fls",
          LatexmkCommand.JOB_NAME + ".fdb_latexmk",
          LatexmkCommand.JOB_NAME + ".xdv");

  /**
   * What LaTeX writes to the aux file of a one-page document without cross-references. latexmk
   * seeds a new workspace with it before the first run, so that such a document settles in one run;
   * the first-compile fast path does the same.
   */
  static final String TRIVIAL_AUX = "\\relax \n\\gdef \\@abspage@last{1}\n";

  /** Generated files larger than this are not compared; their presence makes the run ineligible. */
  private static final long MAX_COMPARED_BYTES = 8L << 20;

  private DirectRun() {}

  static final int MAX_FALLBACKS = 3;

  /** After {@link #MAX_FALLBACKS}, the fast path is tried again once every this many compiles. */
  static final int RETRY_EVERY = 10;

  /**
   * The state a compile starts from.
   *
   * @param last the run the workspace's generated files belong to, or null (latexmk decides)
   * @param changed the project files written or deleted since that run
   */
  record Since(LastRun last, Set<String> changed) {}

  /** Whether a document with this many fast-path fallbacks in a row may try once more. */
  static boolean mayTry(int fallbacks) {
    return fallbacks < MAX_FALLBACKS
        || (fallbacks - MAX_FALLBACKS) % RETRY_EVERY == RETRY_EVERY - 1;
  }

  /** The fallback count after a compile that ran latexmk without trying the fast path. */
  static int fallbacksAfterLatexmk(LastRun last) {
    if (last == null) {
      return 0;
    }
    return last.fallbacks() >= MAX_FALLBACKS ? last.fallbacks() + 1 : last.fallbacks();
  }

  static String signature(CompileOptions options) {
    return options.compiler().wireName()
        + "|"
        + options.rootPath()
        + "|"
        + options.draft()
        + "|"
        + options.stopOnFirstError();
  }

  /**
   * Whether this compile may take the fast path: an engine latexmk runs directly, a workspace whose
   * generated files belong to a last run with the same options that settled, and only {@code .tex}
   * files changed since.
   *
   * @param changed the project files written or deleted since {@code last}
   * @param projectFiles the project files now
   * @param last the run the workspace's generated files belong to (this worker's, or restored from
   *     another worker's saved state), or null
   */
  static boolean eligible(
      CompileOptions options, Set<String> changed, Set<String> projectFiles, LastRun last) {
    if (options.draft() || options.compiler() == Compiler.LATEX) {
      return false;
    }
    if (last == null || !last.settled() || !mayTry(last.fallbacks())) {
      return false;
    }
    if (!last.options().equals(signature(options))) {
      return false;
    }
    return changed.stream()
        .allMatch(
            path -> projectFiles.contains(path) && path.toLowerCase(Locale.ROOT).endsWith(".tex"));
  }

  /**
   * Whether a first compile may take the fast path: an engine latexmk runs directly and no run the
   * workspace's files belong to. The caller also checks that the workspace holds no generated file,
   * so that latexmk, too, would start by seeding the aux file and running the engine once.
   */
  static boolean eligibleFirst(CompileOptions options, LastRun last) {
    return last == null && !options.draft() && options.compiler() != Compiler.LATEX;
  }

  /**
   * Writes {@link #TRIVIAL_AUX} where the engine writes its aux file, as latexmk does in a
   * workspace without one.
   *
   * @return false, writing nothing, when something is already there (a project file, a link)
   */
  static boolean seedAux(Path sources, Set<String> projectFiles) {
    String name = LatexmkCommand.JOB_NAME + ".aux";
    if (projectFiles.contains(name)) {
      return false;
    }
    // CREATE_NEW fails on anything there, a symlink included, and never follows one
    try (OutputStream out =
        Files.newOutputStream(
            sources.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(TRIVIAL_AUX.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot seed the aux file in " + sources, e);
    }
  }

  /**
   * The engine command latexmk itself would run, with the same options.
   *
   * @param formatOption the option loading a preamble format ({@code -fmt=...}), or null
   */
  static List<String> argv(CompileOptions options, String formatOption) {
    List<String> argv = new ArrayList<>();
    argv.add(
        switch (options.compiler()) {
          case PDFLATEX -> "pdflatex";
          case XELATEX -> "xelatex";
          case LUALATEX -> "lualatex";
          case LATEX -> throw new IllegalArgumentException("latex needs dvipdfmx: use latexmk");
        });
    argv.add("-recorder");
    if (formatOption != null) {
      argv.add(formatOption);
    }
    argv.add("-jobname=" + LatexmkCommand.JOB_NAME);
    argv.add("-interaction=batchmode");
    argv.add("-file-line-error");
    argv.add("-synctex=1");
    argv.add("-no-shell-escape");
    if (options.stopOnFirstError()) {
      argv.add("-halt-on-error");
    }
    argv.add(TexFileNames.argument(options.rootPath()));
    return argv;
  }

  /**
   * Fingerprints of the generated files in the workspace (every regular file that is not a project
   * file, apart from the final outputs), or null when one is too large to compare.
   */
  static Map<String, String> generatedFiles(Path sources, Set<String> projectFiles) {
    Map<String, String> fingerprints = new HashMap<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String path = sources.relativize(file).toString();
        // dot paths are Quire's and TeX's caches (.texmf-var, .quire-formats), not document state
        if (projectFiles.contains(path) || IGNORED.contains(path) || path.startsWith(".")) {
          continue;
        }
        if (Files.size(file) > MAX_COMPARED_BYTES) {
          return null;
        }
        fingerprints.put(path, fingerprint(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the generated files of " + sources, e);
    }
    return fingerprints;
  }

  /**
   * Size and modification time of every project file (cheap: no reading), to tell whether a run
   * wrote one of them ({@code \begin{filecontents}} over an uploaded file, say): latexmk would
   * notice.
   */
  static Map<String, String> stamps(Path sources, Set<String> projectFiles) {
    Map<String, String> stamps = new HashMap<>();
    for (String path : projectFiles) {
      Path file = sources.resolve(path);
      try {
        BasicFileAttributes attributes =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        stamps.put(
            path,
            attributes.size()
                + ":"
                + attributes.lastModifiedTime().toMillis()
                + ":"
                + attributes.isRegularFile());
      } catch (IOException e) {
        stamps.put(path, "missing");
      }
    }
    return stamps;
  }

  private static String fingerprint(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Hashes.sha256(in);
    }
  }
}
