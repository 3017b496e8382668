package io.quire.compile.preamble;

import io.quire.common.blob.Hashes;
import io.quire.common.project.ProjectPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reading and writing in a workspace the sandbox has written to: a file is read only when it is a
 * regular file reached without leaving its directory, and the worker never writes through a link
 * the sandbox may have put in place of a directory or a file.
 */
final class SafeFiles {
  /** Largest input of a preamble that is hashed; a larger one is not a plain file to the cache. */
  static final long MAX_INPUT_BYTES = 64L << 20;

  private SafeFiles() {}

  /** Whether every recorded input still has the content the format was built from. */
  static boolean inputsMatch(Path sources, Map<String, String> inputs) throws IOException {
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      Optional<String> hash = hash(sources, input.getKey());
      if (hash.isEmpty() || !hash.get().equals(input.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * SHA-256 of a workspace file, if it is a regular file reached without leaving the workspace (the
   * sandbox may have replaced a directory on the way with a link).
   */
  static Optional<String> hash(Path sources, String relative) throws IOException {
    if (!ProjectPaths.isSafe(relative)) {
      return Optional.empty();
    }
    Path file = ProjectPaths.resolve(sources, relative);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || !file.toRealPath().startsWith(sources.toRealPath())
        || Files.size(file) > MAX_INPUT_BYTES) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(Hashes.sha256(in));
    }
  }

  /**
   * The bytes of {@code relative} under {@code dir}, if it is a regular file of at most {@code max}
   * bytes reached without leaving {@code dir}.
   */
  static Optional<byte[]> readRegular(Path dir, String relative, long max) throws IOException {
    Path file = dir.resolve(relative);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || !file.toRealPath().startsWith(dir.toRealPath())
        || Files.size(file) > max) {
      return Optional.empty();
    }
    return Optional.of(readRegular(file, max));
  }

  /** At most {@code max} bytes of a file, never through a link. */
  static byte[] readRegular(Path file, long max) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
    }
  }

  /**
   * Makes {@code relative} under {@code sources} a real directory, removing whatever the sandbox
   * may have put in its place (a link, a file), so the worker never writes through a link.
   */
  static Path realDirectory(Path sources, String relative) throws IOException {
    Path current = sources;
    for (Path segment : Path.of(relative)) {
      current = current.resolve(segment);
      if (Files.isSymbolicLink(current)
          || (Files.exists(current, LinkOption.NOFOLLOW_LINKS)
              && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS))) {
        Files.delete(current);
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
      }
    }
    return current;
  }

  static boolean isRealDirectory(Path dir) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
  }

  /** Deletes a directory entry: a tree without following its links, or a file or link. */
  static void delete(Path entry) throws IOException {
    if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(entry);
      return;
    }
    try (Stream<Path> paths = Files.walk(entry)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
