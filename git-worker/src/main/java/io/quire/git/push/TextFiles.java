package io.quire.git.push;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which pushed files become editable documents: the same rule as uploads in web (a text extension,
 * valid UTF-8, not larger than the document limit); everything else is a binary file.
 */
final class TextFiles {
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

  private TextFiles() {}

  static Optional<String> asText(String path, byte[] content, long maxDocBytes) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? name : name.substring(dot + 1);
    if (!TEXT_EXTENSIONS.contains(extension) || content.length > maxDocBytes) {
      return Optional.empty();
    }
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
