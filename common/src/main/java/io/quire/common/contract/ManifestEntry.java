package io.quire.common.contract;

/**
 * One file of a compile manifest.
 *
 * @param path project-relative path with forward slashes, never absolute and without {@code ..}
 * @param sha256 lower-case hex SHA-256 of the bytes, also the blob store key
 * @param size size in bytes
 */
public record ManifestEntry(String path, String sha256, long size) {
  public ManifestEntry {
    Require.text(path, "path");
    Require.text(sha256, "sha256");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
  }
}
