package io.quire.git.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bson.types.ObjectId;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The bare repository of each project, at {@code <root>/<projectId>.git}, created on first use with
 * {@code main} as its default branch. Project ids are checked before they become paths.
 */
public final class GitRepositories {
  /** The one branch Quire serves and accepts. */
  public static final String MAIN = "refs/heads/main";

  private final Path root;

  public GitRepositories(Path root) {
    this.root = root;
  }

  public static boolean isProjectId(String id) {
    return id != null && ObjectId.isValid(id) && id.length() == 24;
  }

  /** Opens (creating when missing) the repository of a project; the caller closes it. */
  public Repository open(String projectId) {
    Path dir = directory(projectId);
    try {
      if (!Files.isDirectory(dir.resolve("objects"))) {
        create(dir);
      }
      return new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the repository of " + projectId, e);
    }
  }

  private synchronized void create(Path dir) throws IOException {
    if (Files.isDirectory(dir.resolve("objects"))) {
      return;
    }
    Files.createDirectories(root);
    // built next to its final place and moved in, so no reader ever sees half a repository
    Path building = Files.createTempDirectory(root, ".new-");
    try {
      Git.init()
          .setBare(true)
          .setDirectory(building.toFile())
          .setInitialBranch("main")
          .call()
          .close();
      Files.move(building, dir);
    } catch (GitAPIException e) {
      throw new IOException("git init failed in " + building, e);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      deleteTree(building);
    }
  }

  public boolean exists(String projectId) {
    return Files.isDirectory(directory(projectId));
  }

  /** Removes the repository of a project; nothing happens when there is none. */
  public void delete(String projectId) {
    Path dir = directory(projectId);
    if (Files.exists(dir)) {
      deleteTree(dir);
    }
  }

  /** The ids of every project that has a repository. */
  public List<String> projectIds() {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return ids;
    }
    try (Stream<Path> entries = Files.list(root)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".git"))
          .map(name -> name.substring(0, name.length() - 4))
          .filter(GitRepositories::isProjectId)
          .forEach(ids::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  private Path directory(String projectId) {
    if (!isProjectId(projectId)) {
      throw new IllegalArgumentException("not a project id: " + projectId);
    }
    return root.resolve(projectId + ".git");
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
