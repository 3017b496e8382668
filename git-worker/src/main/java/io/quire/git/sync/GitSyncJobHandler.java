package io.quire.git.sync;

import io.quire.common.contract.GitSyncJob;
import io.quire.common.messaging.JobHandler;
import io.quire.common.project.ProjectStore;
import io.quire.git.repo.GitRepositories;
import io.quire.git.repo.GitStateStore;
import io.quire.git.repo.ProjectLocks;
import io.quire.git.repo.ProjectSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a project's repository up to date ahead of the next fetch, or removes it with the project.
 * Both are idempotent: a snapshot of an unchanged project commits nothing, and deleting twice
 * deletes nothing the second time.
 */
public final class GitSyncJobHandler implements JobHandler<GitSyncJob> {
  private static final Logger LOG = LoggerFactory.getLogger(GitSyncJobHandler.class);

  private final ProjectStore projects;
  private final GitRepositories repositories;
  private final GitStateStore states;
  private final ProjectSnapshots snapshots;
  private final ProjectLocks locks;

  public GitSyncJobHandler(
      ProjectStore projects,
      GitRepositories repositories,
      GitStateStore states,
      ProjectSnapshots snapshots,
      ProjectLocks locks) {
    this.projects = projects;
    this.repositories = repositories;
    this.states = states;
    this.snapshots = snapshots;
    this.locks = locks;
  }

  @Override
  public void handle(GitSyncJob job, Delivery delivery) {
    if (!GitRepositories.isProjectId(job.projectId())) {
      LOG.warn("Ignoring git.sync job {} for invalid project id", job.jobId());
      return;
    }
    boolean gone = projects.find(job.projectId()).isEmpty();
    if (job.action() == GitSyncJob.Action.DELETE || gone) {
      locks.withLock(
          job.projectId(),
          () -> {
            repositories.delete(job.projectId());
            states.deleteByProject(job.projectId());
            return null;
          });
      LOG.info("Removed the repository of project {}", job.projectId());
      return;
    }
    snapshots.sync(job.projectId());
  }
}
