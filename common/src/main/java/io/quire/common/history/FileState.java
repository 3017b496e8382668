package io.quire.common.history;

/**
 * One file of a version's snapshot. Document texts are stored in the blob store as UTF-8, so every
 * entry, text or binary, is a blob hash.
 *
 * @param kind {@code doc} (an editable text document) or {@code file} (binary)
 * @param hash SHA-256 of the content in the blob store
 * @param size bytes
 * @param docId the document, for {@code doc} entries; lets renames be recognised
 */
public record FileState(String path, String kind, String hash, long size, String docId) {
  public static final String DOC = "doc";
  public static final String FILE = "file";

  public boolean isDoc() {
    return DOC.equals(kind);
  }

  /** Whether the content is the same (the path may differ). */
  public boolean sameContent(FileState other) {
    return other != null && kind.equals(other.kind) && hash.equals(other.hash);
  }
}
