package io.quire.common.contract;

/**
 * One error or warning parsed from a TeX, BibTeX or Biber log.
 *
 * @param file project-relative file, or null when the log does not say
 * @param line 1-based line, or null when unknown
 * @param message the first line of the message
 * @param kind what produced it: {@code latex}, {@code reference}, {@code citation}, {@code box},
 *     {@code bibtex}, {@code biber}
 */
public record LogEntry(String file, Integer line, String message, String kind) {}
