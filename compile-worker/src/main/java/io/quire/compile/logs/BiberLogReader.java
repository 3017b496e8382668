package io.quire.compile.logs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Biber {@code .blg}: lines like {@code [324] Utils.pm:399> ERROR - ...}. Biber parses a
 * UTF-8 copy of each {@code .bib} in a temporary directory and reports syntax errors against that
 * copy, named after the MD5 of the original's base name (older Biber: the base name itself); the
 * data sources it announced earlier map the copy back to the project file.
 */
final class BiberLogReader {
  private static final Pattern LINE =
      Pattern.compile("\\[\\d{1,12}\\] [^>]{0,200}> (INFO|WARN|ERROR|FATAL) - (.*)");
  private static final Pattern DATA_SOURCE = Pattern.compile("Found BibTeX data source '(.+)'");
  private static final Pattern SUBSYSTEM =
      Pattern.compile("BibTeX subsystem: (.+?), line (\\d{1,9}), (?:warning: )?(.*)");
  private static final Pattern IN_FILE = Pattern.compile("in file '([^']+)'");
  private static final Pattern ENTRY_FILE = Pattern.compile("^Entry '[^']*' \\(([^)]+)\\)");
  private static final Pattern COPY_SUFFIX = Pattern.compile("_\\d+\\.utf8$");

  private final WorkspacePaths paths;
  private final Findings findings;
  private final Map<String, String> sourcesByCopyName = new HashMap<>();
  private final Set<String> sources = new LinkedHashSet<>();

  BiberLogReader(WorkspacePaths paths, Findings findings) {
    this.paths = paths;
    this.findings = findings;
  }

  static boolean recognizes(List<String> lines) {
    return lines.stream().limit(10).anyMatch(line -> LINE.matcher(line).matches());
  }

  void read(List<String> lines) {
    for (String line : lines) {
      Matcher source = DATA_SOURCE.matcher(line);
      if (source.find()) {
        remember(source.group(1));
      }
    }
    for (String line : lines) {
      Matcher entry = LINE.matcher(line);
      if (!entry.matches() || entry.group(1).equals("INFO")) {
        continue;
      }
      String text = entry.group(2);
      SourceLocation at = SourceLocation.UNKNOWN;
      Matcher subsystem = SUBSYSTEM.matcher(text);
      Matcher inFile = IN_FILE.matcher(text);
      Matcher entryFile = ENTRY_FILE.matcher(text);
      if (subsystem.matches()) {
        String file = paths.projectRelative(originalOf(subsystem.group(1)));
        at = new SourceLocation(file, file == null ? null : Integer.valueOf(subsystem.group(2)));
        text = subsystem.group(3);
      } else if (inFile.find()) {
        at = new SourceLocation(paths.projectRelative(inFile.group(1)), null);
      } else if (entryFile.find()) {
        at = new SourceLocation(paths.projectRelative(entryFile.group(1)), null);
      }
      if (entry.group(1).equals("WARN")) {
        findings.warning(at, text, EntryKind.BIBER);
      } else {
        findings.error(at, text, EntryKind.BIBER);
      }
    }
  }

  private void remember(String source) {
    sources.add(source);
    String baseName = baseName(source);
    sourcesByCopyName.put(md5(Normalizer.normalize(baseName, Normalizer.Form.NFC)), source);
    sourcesByCopyName.put(baseName, source);
  }

  /** The data source a temporary copy was made from; the only one if there is no better clue. */
  private String originalOf(String copy) {
    String name = COPY_SUFFIX.matcher(baseName(copy)).replaceFirst("");
    String source = sourcesByCopyName.get(name);
    if (source == null && sources.size() == 1) {
      source = sources.iterator().next();
    }
    return source;
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String md5(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides MD5", e);
    }
  }
}
