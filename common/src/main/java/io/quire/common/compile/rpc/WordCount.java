package io.quire.common.compile.rpc;

import java.util.List;

/**
 * The answer to {@link WordCountRequest}.
 *
 * @param file the file counted from
 * @param total counts of the file with everything it includes
 * @param files each file on its own, the counted file first, then included files in the order
 *     texcount met them
 * @param messages texcount's complaints (an included file that does not exist, unbalanced braces),
 *     for the user
 */
public record WordCount(
    String file, WordCounts total, List<FileWordCount> files, List<String> messages)
    implements ToolReply {
  public WordCount {
    files = files == null ? List.of() : List.copyOf(files);
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
