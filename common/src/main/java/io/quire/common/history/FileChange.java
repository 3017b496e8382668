package io.quire.common.history;

/**
 * What happened to one path between a version and the one before it.
 *
 * @param type {@code added}, {@code edited}, {@code renamed} (maybe edited too: see the line
 *     counts), {@code deleted} or {@code binary} (a binary file's content changed)
 * @param from the previous path of a renamed file, else null
 * @param linesAdded lines added, for text documents
 * @param linesRemoved lines removed, for text documents
 */
public record FileChange(String path, String type, String from, int linesAdded, int linesRemoved) {
  public static final String ADDED = "added";
  public static final String EDITED = "edited";
  public static final String RENAMED = "renamed";
  public static final String DELETED = "deleted";
  public static final String BINARY = "binary";
}
