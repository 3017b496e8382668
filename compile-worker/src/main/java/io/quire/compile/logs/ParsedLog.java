package io.quire.compile.logs;

import io.quire.common.contract.LogEntry;
import java.util.List;

/**
 * The errors and warnings read from the logs of one compile, each list in log order without
 * duplicates.
 *
 * @param errors what stopped TeX, BibTeX or Biber or made them recover by guessing
 * @param warnings what they reported but could work around (undefined references, bad boxes...)
 */
public record ParsedLog(List<LogEntry> errors, List<LogEntry> warnings) {
  public ParsedLog {
    errors = errors == null ? List.of() : List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
