package io.quire.git.sync;

import io.quire.git.repo.GitRepositories;
import io.quire.git.repo.ProjectLocks;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Packs and prunes every repository now and then ({@code git gc}), skipping one that is busy: it
 * comes round again next time.
 */
public class RepositoryHousekeeping {
  private static final Logger LOG = LoggerFactory.getLogger(RepositoryHousekeeping.class);

  private final GitRepositories repositories;
  private final ProjectLocks locks;

  public RepositoryHousekeeping(GitRepositories repositories, ProjectLocks locks) {
    this.repositories = repositories;
    this.locks = locks;
  }

  @Scheduled(
      initialDelayString = "${quire.git.gc-interval:6h}",
      fixedDelayString = "${quire.git.gc-interval:6h}")
  public void collectAll() {
    long started = System.nanoTime();
    int collected = 0;
    for (String projectId : repositories.projectIds()) {
      if (locks.tryWithLock(projectId, () -> collect(projectId))) {
        collected++;
      }
    }
    LOG.info(
        "Collected garbage in {} repositories in {} ms",
        collected,
        (System.nanoTime() - started) / 1_000_000);
  }

  void collect(String projectId) {
    try (Repository repo = repositories.open(projectId);
        Git git = Git.wrap(repo)) {
      git.gc().call();
    } catch (Exception e) {
      LOG.warn("gc of the repository of project {} failed", projectId, e);
    }
  }
}
