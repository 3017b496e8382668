package io.quire.common.project;

import java.util.Optional;

/**
 * How a project file's name reaches a TeX tool's command line, and which names cannot.
 *
 * <p>A project path is whatever its owner typed, so on a command line it must never be read as an
 * option: every tool gets {@code ./path}, which no option parser takes for an option (latexmk, the
 * TeX engines and texcount all read any argument that starts with {@code -} as one, wherever it
 * stands, and not all of them honour {@code --}).
 *
 * <p>The root document goes further: latexmk hands it to the engine through {@code sh -c} inside
 * double quotes, and TeX reads it from its first input line, where catcodes apply. The characters
 * refused by {@link #rootProblem} are those for which one of the two reads something other than the
 * file name (tried with latexmk and pdfTeX, XeTeX and LuaTeX of TeX Live); everything else a
 * project path may hold (spaces, quotes {@code '}, {@code #}, {@code &}, {@code {}}, {@code ;},
 * {@code |}, {@code ()}, non-ASCII letters...) compiles as the file it names.
 */
public final class TexFileNames {
  private TexFileNames() {}

  /** The project file as a command-line argument: relative to the workspace, never an option. */
  public static String argument(String projectPath) {
    return "./" + projectPath;
  }

  /**
   * Why a project file cannot be the root document, or empty when it can.
   *
   * @param path a project path (anything: it is checked here too)
   */
  public static Optional<String> rootProblem(String path) {
    if (!ProjectPaths.isSafe(path)) {
      return Optional.of("it is not a path inside the project");
    }
    if (path.indexOf('`') >= 0 || path.indexOf('$') >= 0) {
      return Optional.of(
          "it contains ` or $, which the shell latexmk starts TeX with would run as a command");
    }
    if (path.indexOf('"') >= 0) {
      return Optional.of("it contains \", which latexmk and TeX remove, naming another file");
    }
    if (path.indexOf('%') >= 0 || path.indexOf('~') >= 0) {
      return Optional.of("it contains % or ~, which TeX reads as a comment or a command");
    }
    if (path.contains("^^")) {
      return Optional.of("it contains ^^, which TeX reads as another character");
    }
    if (path.contains("  ")) {
      return Optional.of("it contains two spaces in a row, which TeX reads as one");
    }
    if (path.indexOf('\u007f') >= 0) {
      return Optional.of("it contains a control character");
    }
    return Optional.empty();
  }

  /**
   * Why texcount cannot be given a project file, or empty when it can. texcount opens files with
   * Perl's two-argument {@code open}, which runs a name ending in {@code |} as a command and drops
   * trailing spaces (naming another file); {@code ./} already keeps a leading {@code <}, {@code >}
   * or {@code |} from counting.
   */
  public static Optional<String> texcountProblem(String path) {
    if (!ProjectPaths.isSafe(path)) {
      return Optional.of("it is not a path inside the project");
    }
    if (path.endsWith("|") || Character.isWhitespace(path.charAt(path.length() - 1))) {
      return Optional.of("it ends with | or a space, which texcount would not read as a file name");
    }
    return Optional.empty();
  }
}
