package io.quire.git.push;

import io.quire.common.project.Doc;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The project size limit for pushes, counted as web counts it for uploads: the bytes of every file
 * and document. A push makes the project what its last commit holds (documents keep their exact
 * bytes), plus what was added in Quire after the commit the push builds on, which the push keeps. A
 * push that would leave the project over the limit and larger than it is now is refused; one that
 * shrinks a project already over the limit (the limit may have been lowered) is not.
 */
final class ProjectSizeCheck {
  private final DocStore docs;
  private final long maxProjectBytes;

  ProjectSizeCheck(DocStore docs, long maxProjectBytes) {
    this.docs = docs;
    this.maxProjectBytes = maxProjectBytes;
  }

  /**
   * @param base the commit the push builds on, null when none
   * @return why the push is refused, empty when it is within the limit
   */
  Optional<String> check(Repository repo, Project project, ObjectId base, ObjectId pushed)
      throws IOException {
    Set<String> before = new HashSet<>();
    Set<String> after = new HashSet<>();
    long bytes = 0;
    try (RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      if (base != null) {
        forEachFile(reader, walk, base, before::add);
      }
      try (TreeWalk tree = files(reader, walk, pushed)) {
        while (tree.next()) {
          after.add(tree.getPathString());
          bytes += reader.getObjectSize(tree.getObjectId(0), Constants.OBJ_BLOB);
        }
      }
    }
    bytes += keptUnseen(project, before, after);
    if (bytes <= maxProjectBytes) {
      return Optional.empty();
    }
    long now = project.totalFileBytes() + docs.storedBytes(project.id());
    if (bytes <= now) {
      return Optional.empty();
    }
    return Optional.of(
        "the project would grow to "
            + Sizes.describe(bytes)
            + ", over its size limit of "
            + Sizes.describe(maxProjectBytes)
            + " (it holds "
            + Sizes.describe(now)
            + " now): nothing was applied");
  }

  /**
   * Files and documents added in Quire since the base commit: the push leaves them in place (as
   * {@link PushApplier} does), unless a pushed file now lies under their path.
   */
  private long keptUnseen(Project project, Set<String> before, Set<String> after) {
    long bytes = 0;
    for (Entity e : project.entities()) {
      if (e.isFolder()
          || before.contains(e.path())
          || after.contains(e.path())
          || after.stream().anyMatch(p -> p.startsWith(e.path() + "/"))) {
        continue;
      }
      if (e.docId() == null) {
        bytes += e.size();
      } else {
        bytes +=
            docs.find(e.docId())
                .map(Doc::text)
                .map(t -> (long) t.getBytes(StandardCharsets.UTF_8).length)
                .orElse(0L);
      }
    }
    return bytes;
  }

  private static TreeWalk files(ObjectReader reader, RevWalk walk, ObjectId commit)
      throws IOException {
    TreeWalk tree = new TreeWalk(reader);
    tree.addTree(walk.parseCommit(commit).getTree());
    tree.setRecursive(true);
    return tree;
  }

  private static void forEachFile(
      ObjectReader reader, RevWalk walk, ObjectId commit, java.util.function.Consumer<String> paths)
      throws IOException {
    try (TreeWalk tree = files(reader, walk, commit)) {
      while (tree.next()) {
        paths.accept(tree.getPathString());
      }
    }
  }
}
