package io.quire.compile.preamble;

import io.quire.common.blob.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The key of a format: what decides, before any TeX runs, whether a dumped preamble can stand in
 * for running it. The content of the local files the preamble reads is checked separately against
 * the format's record, since which files those are is known only once the preamble has run.
 */
public final class FormatKey {
  /** Bumped when the way formats are built changes, so old formats are never used. */
  private static final String VERSION = "quire-format-v1";

  /**
   * Extensions of files TeX may find by name in the compile's directory. A project file with one of
   * these names at the top level can shadow a package of the distribution, so adding or removing
   * one changes the key even when the preamble's text stays the same.
   */
  private static final Set<String> TEX_INPUTS =
      Set.of(
          "tex", "sty", "cls", "clo", "cfg", "def", "fd", "ldf", "ltx", "lua", "bbx", "cbx", "lbx",
          "dbx", "map", "enc", "tfm", "pfb", "otf", "ttf");

  private FormatKey() {}

  /**
   * @param engine the engine's command ({@code pdflatex}, {@code latex})
   * @param texIdentity the TeX installation (image name, or the local version and base format)
   * @param rootPath the root file, as given to TeX
   * @param preamble the root file's preamble
   * @param projectPaths every file of the project
   */
  public static String of(
      String engine,
      String texIdentity,
      String rootPath,
      Preamble preamble,
      Collection<String> projectPaths) {
    if (!preamble.dumpable()) {
      throw new IllegalArgumentException("no key for a refused preamble: " + preamble.refusal());
    }
    MessageDigest sha = Hashes.digest();
    for (String part : new String[] {VERSION, engine, texIdentity, rootPath}) {
      sha.update(part.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    for (String name : shadowing(projectPaths)) {
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    sha.update((byte) 0);
    sha.update(preamble.text());
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Top-level project files TeX could load by name instead of a distribution file. */
  static Set<String> shadowing(Collection<String> projectPaths) {
    Set<String> names = new TreeSet<>();
    for (String path : projectPaths) {
      if (path.indexOf('/') >= 0) {
        continue;
      }
      String lower = path.toLowerCase(Locale.ROOT);
      int dot = lower.lastIndexOf('.');
      if (dot > 0 && TEX_INPUTS.contains(lower.substring(dot + 1))) {
        names.add(path);
      }
    }
    return names;
  }
}
