package io.quire.compile.tools;

import io.quire.common.compile.rpc.FileWordCount;
import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.compile.rpc.WordCount;
import io.quire.common.compile.rpc.WordCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads texcount's output in the machine-readable form {@link #TEMPLATE} asks for: one line per
 * file counted ({@code File: main.tex}, {@code Included file: ./chapters/a.tex}) and, when there
 * was more than one file, one for the total ({@code File(s) total: main.tex}); texcount's
 * complaints are lines between {@code !!!} marks.
 */
final class TexcountOutput {
  /** Marks our lines, so nothing else texcount prints is mistaken for a count. */
  static final String MARK = "QUIRE-COUNT";

  /**
   * texcount's {@code -template}: {1}..{7} are words in text, in headers, outside text (captions,
   * footnotes), number of headers, floats, inline and displayed formulas; {@code \n} is texcount's
   * own escape for a line break.
   */
  static final String TEMPLATE = MARK + "\t{1}\t{2}\t{3}\t{4}\t{5}\t{6}\t{7}\t{TITLE}\\n";

  private static final int MAX_MESSAGES = 20;
  private static final String TOTAL = "File(s) total:";
  private static final List<String> FILE_PREFIXES = List.of("Included file:", "File:");

  private TexcountOutput() {}

  /**
   * @param file the file counted from, project-relative
   * @throws ToolException when the output holds no count at all
   */
  static WordCount parse(String file, String output) {
    List<FileWordCount> files = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    WordCounts total = null;
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      if (line.startsWith(MARK + "\t")) {
        String[] fields = line.split("\t", 9);
        WordCounts counts = counts(fields);
        if (counts == null) {
          continue;
        }
        String title = fields[8].strip();
        if (title.startsWith(TOTAL)) {
          total = counts;
          continue;
        }
        String name = nameOf(title);
        String path = SandboxPaths.projectRelative(name);
        // a file of TeX Live included by the document counts in the total only
        if (path != null) {
          files.add(new FileWordCount(path, counts));
        }
      } else if (line.startsWith("!!!") && messages.size() < MAX_MESSAGES) {
        messages.add(line.replaceAll("^!+\\s*|\\s*!+$", ""));
      }
    }
    if (total == null && files.isEmpty()) {
      throw new ToolException(
          ToolFailure.Reason.FAILED,
          "texcount counted nothing"
              + (messages.isEmpty() ? "." : ": " + String.join("; ", messages)));
    }
    if (total == null) {
      total = files.size() == 1 ? files.get(0).counts() : sum(files);
    }
    return new WordCount(file, total, files, messages);
  }

  private static String nameOf(String title) {
    for (String prefix : FILE_PREFIXES) {
      if (title.startsWith(prefix)) {
        return title.substring(prefix.length()).strip();
      }
    }
    return title;
  }

  private static WordCounts counts(String[] fields) {
    if (fields.length < 9) {
      return null;
    }
    int[] numbers = new int[7];
    for (int i = 0; i < 7; i++) {
      try {
        numbers[i] = Integer.parseInt(fields[i + 1].strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return new WordCounts(
        numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6]);
  }

  private static WordCounts sum(List<FileWordCount> files) {
    int[] sums = new int[7];
    for (FileWordCount file : files) {
      WordCounts c = file.counts();
      int[] values = {
        c.textWords(),
        c.headerWords(),
        c.captionWords(),
        c.headers(),
        c.floats(),
        c.inlineMath(),
        c.displayedMath()
      };
      for (int i = 0; i < 7; i++) {
        sums[i] += values[i];
      }
    }
    return new WordCounts(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]);
  }
}
