package io.quire.common.compile.rpc;

import java.util.List;

/**
 * The answer to {@link ChktexRequest}.
 *
 * @param file the file checked
 * @param warnings findings in project files, in chktex's order, without duplicates
 * @param truncated whether there were more findings than a report holds
 * @param messages what chktex said besides findings (a file it could not open), for the user
 */
public record ChktexReport(
    String file, List<ChktexWarning> warnings, boolean truncated, List<String> messages)
    implements ToolReply {
  public ChktexReport {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
