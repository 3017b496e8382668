package io.quire.git.push;

import io.quire.common.project.ProjectPaths;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Checks every commit a push adds, beyond JGit's object checks: no symbolic links, no submodules,
 * only plain relative paths (no {@code ..}, {@code .git} or absolute paths), no file over the size
 * limit, not more files than a project may hold. Each refusal is a sentence for the git client.
 */
final class PushedTreeCheck {
  private final long maxFileBytes;
  private final int maxFiles;

  PushedTreeCheck(long maxFileBytes, int maxFiles) {
    this.maxFileBytes = maxFileBytes;
    this.maxFiles = maxFiles;
  }

  /**
   * @param base the commit the push builds on, null when none
   * @return why the push is refused, empty when it is acceptable
   */
  Optional<String> check(Repository repo, ObjectId base, ObjectId pushed) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(pushed));
      if (base != null) {
        walk.markUninteresting(walk.parseCommit(base));
      }
      for (RevCommit commit : walk) {
        Optional<String> problem = checkTree(walk.getObjectReader(), commit);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> checkTree(ObjectReader reader, RevCommit commit) throws IOException {
    int files = 0;
    try (TreeWalk tree = new TreeWalk(reader)) {
      tree.addTree(commit.getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        String path = tree.getPathString();
        FileMode mode = tree.getFileMode(0);
        String where = " (" + path + " in commit " + commit.abbreviate(10).name() + ")";
        if (mode == FileMode.SYMLINK) {
          return Optional.of("symbolic links are not allowed in a Quire project" + where);
        }
        if (mode == FileMode.GITLINK) {
          return Optional.of("submodules are not allowed in a Quire project" + where);
        }
        if (!ProjectPaths.isSafe(path) || hasGitSegment(path)) {
          return Optional.of("this path is not allowed in a Quire project" + where);
        }
        long size = reader.getObjectSize(tree.getObjectId(0), Constants.OBJ_BLOB);
        if (size > maxFileBytes) {
          return Optional.of(
              "a file is larger than the limit of " + Sizes.describe(maxFileBytes) + where);
        }
        if (++files > maxFiles) {
          return Optional.of(
              "a project may hold at most "
                  + maxFiles
                  + " files; commit "
                  + commit.abbreviate(10).name()
                  + " has more");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean hasGitSegment(String path) {
    for (String segment : path.split("/")) {
      if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
        return true;
      }
    }
    return false;
  }
}
