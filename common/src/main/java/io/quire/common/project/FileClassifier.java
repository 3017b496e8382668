package io.quire.common.project;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a file's bytes become an editable text document: a known text extension, valid
 * UTF-8 and at most the document size limit. Everything else is a binary file. One rule for every
 * way files arrive (uploads and zip imports in web, pushes in git-worker), so a file is a document
 * or a binary whichever way it came in.
 */
public final class FileClassifier {
  private static final Set<String> TEXT_EXTENSIONS =
      Set.of(
          "tex",
          "latex",
          "ltx",
          "bib",
          "bbx",
          "cbx",
          "cls",
          "sty",
          "dtx",
          "ins",
          "def",
          "cfg",
          "clo",
          "bst",
          "txt",
          "md",
          "markdown",
          "tikz",
          "pgf",
          "csv",
          "tsv",
          "dat",
          "json",
          "yaml",
          "yml",
          "xml",
          "html",
          "css",
          "js",
          "py",
          "r",
          "m",
          "lua",
          "mp",
          "asy",
          "gp",
          "plt",
          "sh",
          "ist",
          "gin",
          "latexmkrc",
          "lbx",
          "rtex",
          "rnw",
          "nw",
          "lhs",
          "tab");

  private FileClassifier() {}

  /** Whether the file name ends in a text extension (or is one, such as {@code latexmkrc}). */
  public static boolean hasTextExtension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? name : name.substring(dot + 1);
    return TEXT_EXTENSIONS.contains(extension);
  }

  /**
   * The text of a would-be document, or empty when it must be a binary file.
   *
   * @param path the file's path in the project (only its name counts)
   * @param content the file's bytes
   * @param maxDocBytes the largest editable document; larger text files are binary files
   */
  public static Optional<String> asDocText(String path, byte[] content, long maxDocBytes) {
    if (!hasTextExtension(path) || content.length > maxDocBytes) {
      return Optional.empty();
    }
    return decodeUtf8(content);
  }

  /** The bytes as text when they are valid UTF-8, else empty. */
  public static Optional<String> decodeUtf8(byte[] content) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
