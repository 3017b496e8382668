package io.quire.compile.logs;

/**
 * Where a message points in the project; either part may be unknown.
 *
 * @param file project-relative path, or null
 * @param line 1-based line in that file, or null
 */
record SourceLocation(String file, Integer line) {
  static final SourceLocation UNKNOWN = new SourceLocation(null, null);
}
