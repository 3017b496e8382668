package io.quire.compile.tools;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short-lived directories for one tool run, below the workspaces directory: the Docker sandbox
 * mounts nothing outside it, and bubblewrap needs every directory above a workspace to be
 * searchable by the sandbox uid.
 */
public final class ScratchDirectories {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchDirectories.class);

  private final Path root;

  /**
   * @param root a directory of its own below the workspaces directory; its name must not be a
   *     possible project id, so it never meets a project's workspace
   */
  public ScratchDirectories(Path root) {
    this.root = root;
  }

  /** A new empty directory; delete it with {@link #delete(Path)}. */
  Path create() throws IOException {
    ensureTraversable(root);
    return Files.createDirectory(root.resolve(UUID.randomUUID().toString()));
  }

  /**
   * Creates {@code dir} if missing, searchable but not listable by others: sandbox uids walk
   * through it to their workspace, whatever the worker's umask.
   */
  static void ensureTraversable(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    }
  }

  /** Deletes a tree without following links; a failure is logged, never thrown. */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException exc)
                throws IOException {
              if (exc != null) {
                throw exc;
              }
              Files.delete(visited);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("Could not delete scratch directory {}", dir, e);
    }
  }
}
