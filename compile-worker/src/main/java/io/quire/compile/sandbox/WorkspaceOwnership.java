package io.quire.compile.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * Makes a workspace writable for the slot uid that compiles it. The worker (root) writes the
 * workspace; the compile runs as an unprivileged uid that changes from run to run, so the tree is
 * handed to that uid before every run. Ownership rather than a shared group or world-writable
 * modes: no other uid on the host gets access, and the top directory becomes private (0700).
 *
 * <p>Symlinks are never followed: the previous compile may have left {@code x -> /etc/shadow} in
 * the workspace, and a following chown would give the target to the sandbox uid.
 */
final class WorkspaceOwnership {

  private WorkspaceOwnership() {}

  /** Changes the owner of every entry (not of symlink targets) to {@code uid:uid}. */
  static void handTo(Path workspace, int uid) throws IOException {
    handTo(workspace, uid, uid);
  }

  /** Changes the owner of every entry (not of symlink targets) to {@code uid:gid}. */
  static void handTo(Path workspace, int uid, int gid) throws IOException {
    UserPrincipalLookupService lookup = workspace.getFileSystem().getUserPrincipalLookupService();
    // numeric names work without a passwd entry
    UserPrincipal user = lookup.lookupPrincipalByName(Integer.toString(uid));
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(Integer.toString(gid));
    FileVisitor<Path> chown =
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            own(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            own(file);
            return FileVisitResult.CONTINUE;
          }

          private void own(Path path) throws IOException {
            if ((int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid
                && (int) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) == gid) {
              return;
            }
            PosixFileAttributeView view =
                Files.getFileAttributeView(
                    path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setOwner(user); // lchown: NOFOLLOW_LINKS
            view.setGroup(group);
          }
        };
    Files.walkFileTree(workspace, chown); // does not follow symlinks
    Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwx------"));
  }

  /** The uid this process runs as. */
  static int processUid() throws IOException {
    return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  /** The uid owning {@code path} itself (not a symlink's target). */
  static int ownerUid(Path path) throws IOException {
    return (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Bubblewrap resolves the workspace path as the slot uid, so every directory above it must be
   * searchable by others ({@code o+x}); a clear message here beats bwrap's "Permission denied".
   */
  static void checkReachable(Path workspace) throws IOException {
    for (Path dir = workspace.getParent(); dir != null; dir = dir.getParent()) {
      int mode = (int) Files.getAttribute(dir, "unix:mode");
      if ((mode & 0001) == 0) {
        throw new IOException(
            "the sandbox uid cannot reach workspace "
                + workspace
                + ": "
                + dir
                + " is not searchable by others (chmod o+x "
                + dir
                + ")");
      }
    }
  }
}
