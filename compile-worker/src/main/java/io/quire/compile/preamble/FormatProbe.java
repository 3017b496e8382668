package io.quire.compile.preamble;

import static io.quire.compile.preamble.FormatFiles.BUILD_DIR;
import static io.quire.compile.preamble.FormatFiles.JOB_NAME;

import io.quire.common.project.TexFileNames;
import io.quire.compile.preamble.PreambleCache.Engine;
import io.quire.compile.sandbox.SandboxResult;
import io.quire.compile.sandbox.SandboxRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs an empty page through a new format and, for PDF output, through the plain preamble too, both
 * with uncompressed PDF; the two must have the same structure. This catches preambles whose effect
 * a format does not keep: what runs at {@code \begin{document}} failing without the preamble's open
 * files, objects written straight into the PDF, {@code \pdfcatalog} entries.
 */
final class FormatProbe {
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

  private final SandboxRunner sandbox;

  FormatProbe(SandboxRunner sandbox) {
    this.sandbox = sandbox;
  }

  /**
   * Probes the format the dump left in the build directory.
   *
   * @param rootPath the root document whose preamble was dumped
   * @return why the format is refused, or null
   */
  String probe(String rootPath, Engine engine, Path sources, FormatBuilder.SandboxSpec spec)
      throws IOException, InterruptedException {
    boolean pdf = engine.command().equals("pdflatex");
    String output = JOB_NAME + (pdf ? ".pdf" : ".dvi");
    Path withFormat = SafeFiles.realDirectory(sources, BUILD_DIR + "/probe-format");
    SandboxResult formatted =
        spec.run(
            sandbox,
            sources,
            argv(engine, BUILD_DIR + "/" + JOB_NAME, "probe-format", UNCOMPRESSED + EMPTY_PAGE));
    Optional<byte[]> formattedOutput = SafeFiles.readRegular(withFormat, output, MAX_PROBE_BYTES);
    if (formatted.exitCode() != 0 || formattedOutput.isEmpty()) {
      return "an empty page with the format failed: "
          + SafeFiles.readRegular(withFormat, JOB_NAME + ".log", DumpJudge.MAX_LOG_BYTES)
              .map(b -> DumpJudge.firstError(new String(b, StandardCharsets.ISO_8859_1)))
              .orElse("no log");
    }
    if (!pdf) {
      return null;
    }
    Path plainDir = SafeFiles.realDirectory(sources, BUILD_DIR + "/probe-plain");
    SandboxResult plain =
        spec.run(
            sandbox,
            sources,
            argv(
                engine,
                null,
                "probe-plain",
                UNCOMPRESSED
                    + STOP_AT_DOCUMENT
                    + "\\input{"
                    + TexFileNames.argument(rootPath)
                    + "}"));
    Optional<byte[]> plainOutput = SafeFiles.readRegular(plainDir, output, MAX_PROBE_BYTES);
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

  /**
   * A probe run: the engine, with {@code format} when not null, writing into {@code dir} under the
   * build directory, on the TeX source {@code input}.
   */
  private static List<String> argv(Engine engine, String format, String dir, String input) {
    List<String> argv = new ArrayList<>();
    argv.add(engine.command());
    if (format != null) {
      argv.add("-fmt=" + format);
    }
    argv.addAll(
        List.of(
            "-interaction=batchmode",
            "-halt-on-error",
            "-no-shell-escape",
            "-output-directory=" + BUILD_DIR + "/" + dir,
            "-jobname=" + JOB_NAME,
            input));
    return argv;
  }
}
