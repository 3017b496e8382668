package io.quire.compile.logs;

import java.util.Locale;

/**
 * The {@code kind} values of a {@link io.quire.common.contract.LogEntry}, as the UI groups them.
 */
enum EntryKind {
  LATEX,
  REFERENCE,
  CITATION,
  BOX,
  BIBTEX,
  BIBER;

  String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
