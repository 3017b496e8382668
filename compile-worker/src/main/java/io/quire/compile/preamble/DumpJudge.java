package io.quire.compile.preamble;

import static io.quire.compile.preamble.FormatFiles.BUILD_DIR;
import static io.quire.compile.preamble.FormatFiles.JOB_NAME;

import io.quire.compile.sandbox.SandboxResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Judges a dump from what it left in the build directory (its log, its recorder file, the format):
 * a format is refused when the dump failed or ran out of time, when its preamble sets up what
 * latexmk learns of only from a compile's log (an index, a glossary), read files outside the
 * project or wrote files, or when the format is missing or larger than a compile may write. A
 * format that passes is known by the project files it read and their hashes.
 */
final class DumpJudge {
  /** Most of a dump's log and recorder file read. */
  static final long MAX_LOG_BYTES = 8L << 20;

  /** Log lines from which latexmk learns of an index or glossary; a dump would hide them. */
  private static final Pattern HIDDEN_FROM_LATEXMK =
      Pattern.compile("(?m)Writing (index|glossary|nomenclature) file");

  private static final Pattern TEX_ERROR = Pattern.compile("(?m)^(! |[^:\\n]+:\\d+: )");

  /**
   * A dump's verdict.
   *
   * @param refusal why the format is refused, or null
   * @param inputs the project files the preamble read, with their SHA-256
   */
  record Verdict(String refusal, Map<String, String> inputs) {}

  private DumpJudge() {}

  /**
   * @param rootPath the root document the dump read its preamble from
   * @param sources the workspace's sources
   * @param buildDir where the dump wrote
   * @param result how the dump's run ended
   * @param maxFileBytes the largest file a compile may write
   */
  static Verdict judge(
      String rootPath, Path sources, Path buildDir, SandboxResult result, long maxFileBytes)
      throws IOException {
    String log =
        SafeFiles.readRegular(buildDir, JOB_NAME + ".log", MAX_LOG_BYTES)
            .map(b -> new String(b, StandardCharsets.ISO_8859_1))
            .orElse("");
    String fls =
        SafeFiles.readRegular(buildDir, JOB_NAME + ".fls", MAX_LOG_BYTES)
            .map(b -> new String(b, StandardCharsets.UTF_8))
            .orElse("");
    Recorder recorder =
        Recorder.parse(
            fls,
            rootPath,
            // the PDF (or DVI) may be opened by an image declared in the preamble; what the dump
            // writes into it is caught by the probe pages
            Set.of(
                BUILD_DIR + "/" + JOB_NAME + ".log",
                BUILD_DIR + "/" + JOB_NAME + ".fmt",
                BUILD_DIR + "/" + JOB_NAME + ".pdf",
                BUILD_DIR + "/" + JOB_NAME + ".dvi"));
    Map<String, String> inputs = new TreeMap<>();
    for (String input : recorder.inputs()) {
      Optional<String> hash = SafeFiles.hash(sources, input);
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
      } else if (Files.size(fmt) > maxFileBytes) {
        refusal = "the format is larger than a compile may write";
      }
    }
    return new Verdict(refusal, inputs);
  }

  /** The first TeX error of a log, cut to 200 characters, for the reason of a refusal. */
  static String firstError(String log) {
    return log.lines()
        .filter(l -> TEX_ERROR.matcher(l).lookingAt())
        .findFirst()
        .map(l -> l.length() > 200 ? l.substring(0, 200) : l)
        .orElse("(no TeX error in the log)");
  }
}
