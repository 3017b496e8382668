package io.quire.git.push;

import io.quire.common.blob.BlobStore;
import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.contract.ProjectChangedEvent;
import io.quire.common.history.TreeChange;
import io.quire.common.history.TreeChangeStore;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.project.DocStore;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.git.repo.GitRepositories;
import io.quire.git.repo.ProjectLocks;
import io.quire.git.repo.ProjectSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides and applies a push, under the project's lock: {@code main} only; refused when the pusher
 * has no write access to the project at that moment, when the project changed since the commit the
 * push builds on ("pull first"), when a pushed tree breaks a rule, or when the project would grow
 * past its size limit; otherwise applied to the project, then {@code main} moves, then the commit
 * is recorded as the project's state. Every refusal reaches the client as {@code remote: ...} and a
 * rejected ref.
 *
 * <p>An applied push is history like an edit in the browser: its tree change is recorded with the
 * pushing user as author, and a {@code history.ingest} job is queued for the project (web's history
 * trigger never sees changes made here).
 */
public final class PushHook implements PreReceiveHook {
  private static final Logger LOG = LoggerFactory.getLogger(PushHook.class);
  static final String PULL_FIRST = "the project changed since your last pull: pull first";
  static final String NO_WRITE_ACCESS =
      "you do not have write access to this project (any more): nothing was applied";
  private static final int HISTORY_ATTEMPTS = 3;

  /** Builds the hook of one push. */
  public static final class Factory {
    private final ProjectStore projects;
    private final ProjectSnapshots snapshots;
    private final ProjectLocks locks;
    private final PushPermission permission;
    private final PushedTreeCheck check;
    private final ProjectSizeCheck size;
    private final PushApplier applier;
    private final MessagePublisher publisher;
    private final TreeChangeStore treeChanges;

    public Factory(
        ProjectStore projects,
        DocStore docs,
        BlobStore blobs,
        ProjectSnapshots snapshots,
        ProjectLocks locks,
        MessagePublisher publisher,
        TreeChangeStore treeChanges,
        PushPermission permission,
        PushLimits limits) {
      this.projects = projects;
      this.snapshots = snapshots;
      this.locks = locks;
      this.permission = permission;
      this.publisher = publisher;
      this.treeChanges = treeChanges;
      this.check = new PushedTreeCheck(limits.maxFileBytes(), limits.maxFiles());
      this.size = new ProjectSizeCheck(docs, limits.maxProjectBytes());
      this.applier = new PushApplier(projects, docs, blobs, limits.maxDocBytes());
    }

    public PushHook create(String projectId, String userId) {
      return new PushHook(this, projectId, userId);
    }
  }

  private final Factory f;
  private final String projectId;
  private final String userId;

  private PushHook(Factory factory, String projectId, String userId) {
    this.f = factory;
    this.projectId = projectId;
    this.userId = userId;
  }

  @Override
  public void onPreReceive(ReceivePack receive, Collection<ReceiveCommand> commands) {
    ReceiveCommand main = null;
    for (ReceiveCommand command : commands) {
      if (!command.getRefName().equals(GitRepositories.MAIN)) {
        reject(receive, command, "only the main branch can be pushed to Quire");
      } else if (command.getType() == ReceiveCommand.Type.DELETE) {
        reject(receive, command, "main cannot be deleted");
      } else {
        main = command;
      }
    }
    if (main == null) {
      return;
    }
    ReceiveCommand command = main;
    try {
      f.locks.withLock(
          projectId,
          () -> {
            receiveLocked(receive, command);
            return null;
          });
    } catch (RuntimeException e) {
      LOG.error("Push to project {} failed", projectId, e);
      reject(receive, command, "the push could not be applied: " + e.getMessage());
    }
  }

  private void receiveLocked(ReceivePack receive, ReceiveCommand command) {
    Repository repo = receive.getRepository();
    Optional<Project> project = f.projects.find(projectId);
    if (project.isEmpty()) {
      reject(receive, command, "this project no longer exists");
      return;
    }
    // access as it stands now: it may have been taken away since the request was authorized
    if (!f.permission.allows(project.get(), userId)) {
      LOG.warn("Refused a push to project {} by {}: no write access", projectId, userId);
      reject(receive, command, NO_WRITE_ACCESS);
      return;
    }
    ObjectId head = f.snapshots.syncLocked(repo, project.get());
    if (!command.getOldId().equals(head)) {
      reject(receive, command, PULL_FIRST);
      return;
    }
    try {
      Optional<String> problem = f.check.check(repo, head, command.getNewId());
      if (problem.isEmpty()) {
        problem = f.size.check(repo, project.get(), head, command.getNewId());
      }
      if (problem.isPresent()) {
        reject(receive, command, problem.get());
        return;
      }
      long started = System.nanoTime();
      PushApplier.Applied applied =
          f.applier.apply(repo, projectId, head, command.getNewId(), userId);
      command.execute(receive);
      if (command.getResult() != ReceiveCommand.Result.OK) {
        LOG.warn(
            "main of project {} did not move after a push: {}", projectId, command.getResult());
        return;
      }
      // records the pushed commit as the project's state, or commits edits made meanwhile on top
      f.projects.find(projectId).ifPresent(p -> f.snapshots.syncLocked(repo, p));
      LOG.info(
          "Applied push {} to project {} ({} paths) in {} ms",
          command.getNewId().abbreviate(10).name(),
          projectId,
          applied.paths().size(),
          (System.nanoTime() - started) / 1_000_000);
      publish(applied);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void publish(PushApplier.Applied applied) {
    Instant now = Instant.now();
    try {
      f.publisher.publishEvent(
          new ProjectChangedEvent(
              UUID.randomUUID().toString(),
              projectId,
              userId,
              now,
              "git-push",
              applied.treeVersion(),
              applied.paths()));
    } catch (RuntimeException e) {
      // the push is stored; listeners catch up from the data
      LOG.warn("Could not publish the push to project {}: {}", projectId, e.toString());
    }
    queueHistory(applied, now);
  }

  /**
   * Names the pusher as author of the tree change (document edits name them in their updates) and
   * asks history-worker to take the push in. A job that cannot be queued is retried a few times:
   * without it the push would reach history only with the project's next change in the browser.
   */
  private void queueHistory(PushApplier.Applied applied, Instant now) {
    try {
      if (applied.treeChanged()) {
        f.treeChanges.record(new TreeChange(projectId, applied.treeVersion(), userId, now));
      }
    } catch (RuntimeException e) {
      // history then names the job's requester, the same user
      LOG.warn("Could not record the tree change of {}: {}", projectId, e.toString());
    }
    HistoryIngestJob job =
        new HistoryIngestJob(
            UUID.randomUUID().toString(), projectId, userId, now, applied.treeVersion());
    for (int attempt = 1; ; attempt++) {
      try {
        f.publisher.publishJob(JobQueue.HISTORY_INGEST, job);
        return;
      } catch (RuntimeException e) {
        if (attempt >= HISTORY_ATTEMPTS) {
          LOG.error(
              "Could not queue the history job of the push to {}: {}", projectId, e.toString());
          return;
        }
        LOG.warn("Queueing the history job of {} failed, retrying: {}", projectId, e.toString());
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void reject(ReceivePack receive, ReceiveCommand command, String why) {
    command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, why);
    receive.sendMessage(why);
  }
}
