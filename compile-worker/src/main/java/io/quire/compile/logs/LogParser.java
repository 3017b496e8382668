package io.quire.compile.logs;

import io.quire.compile.sandbox.SandboxCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the logs of a compile into errors and warnings with project-relative file and line, for the
 * editor to show next to the source. It reads the TeX transcript ({@code .log}) of pdfTeX, XeTeX
 * and LuaTeX, with or without -file-line-error and whatever {@code max_print_line}, and the {@code
 * .blg} of BibTeX or Biber. A log is untrusted output of a run that may have failed in any way:
 * parsing never throws on its content, and what cannot be understood is skipped.
 */
public final class LogParser {

  private LogParser() {}

  /**
   * Parses the logs of a compile run in the sandbox, where the project is mounted at {@link
   * SandboxCommand#WORKSPACE_MOUNT} and TeX runs at its top.
   *
   * @param texLog the TeX transcript, or null
   * @param blgLog the BibTeX or Biber log, or null
   */
  public static ParsedLog parse(String texLog, String blgLog) {
    return parse(texLog, blgLog, SandboxCommand.WORKSPACE_MOUNT);
  }

  /**
   * Parses logs already decoded as text. Logs read from disk are better passed as bytes: pdfTeX may
   * cut a line in the middle of a UTF-8 character, which decoding loses.
   *
   * @param texLog the TeX transcript, or null
   * @param blgLog the BibTeX or Biber log, or null
   * @param workspacePrefix where the project was mounted when TeX ran, such as {@code /compile}
   */
  public static ParsedLog parse(String texLog, String blgLog, String workspacePrefix) {
    return parse(bytes(texLog), bytes(blgLog), workspacePrefix, "");
  }

  /**
   * Parses logs as they were written.
   *
   * @param texLog the TeX transcript, or null
   * @param blgLog the BibTeX or Biber log, or null
   * @param workspacePrefix where the project was mounted when TeX ran, such as {@code /compile}
   */
  public static ParsedLog parse(byte[] texLog, byte[] blgLog, String workspacePrefix) {
    return parse(texLog, blgLog, workspacePrefix, "");
  }

  /**
   * Parses logs of a run started in a subdirectory of the project (latexmk's {@code -cd} with a
   * root document below the top), where TeX's {@code ./} means that directory.
   *
   * @param texLog the TeX transcript, or null
   * @param blgLog the BibTeX or Biber log, or null
   * @param workspacePrefix where the project was mounted when TeX ran, such as {@code /compile}
   * @param workingDirectory the project-relative directory TeX ran in; empty for the project top
   */
  public static ParsedLog parse(
      byte[] texLog, byte[] blgLog, String workspacePrefix, String workingDirectory) {
    WorkspacePaths paths = new WorkspacePaths(workspacePrefix, workingDirectory);
    Findings findings = new Findings();
    if (texLog != null) {
      new TexLogScanner(paths, findings).scan(LogLines.unwrapped(texLog));
    }
    if (blgLog != null) {
      List<String> lines = LogLines.physical(blgLog);
      if (BiberLogReader.recognizes(lines)) {
        new BiberLogReader(paths, findings).read(lines);
      } else {
        new BibtexLogReader(paths, findings).read(lines);
      }
    }
    return findings.toParsedLog();
  }

  private static byte[] bytes(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}
