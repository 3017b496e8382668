package io.quire.web.git;

import io.quire.common.contract.GitSyncJob;
import io.quire.common.contract.ProjectChangedEvent;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.project.DocStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues {@code git.sync} jobs so repositories are ready before the next fetch: after a change, one
 * job per project once the debounce time has passed (a burst of keystrokes makes one job), and a
 * delete job at once when a project is deleted. The jobs are hints: a fetch commits the current
 * state anyway, so a job lost with this instance costs only a slower fetch.
 */
@Component
public class GitSyncRequests implements DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(GitSyncRequests.class);

  private final MessagePublisher publisher;
  private final Duration debounce;
  private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "git-sync-requests");
            thread.setDaemon(true);
            return thread;
          });

  GitSyncRequests(MessagePublisher publisher, GitBridgeProperties properties, DocStore docs) {
    this.publisher = publisher;
    this.debounce = properties.syncDebounce();
    docs.addUpdateListener(update -> changed(update.projectId(), update.userId()));
  }

  /**
   * Every change web makes to a project (see {@code ProjectService}); a deletion removes the repo.
   */
  @EventListener
  public void on(ProjectChangedEvent event) {
    if ("deleted".equals(event.change())) {
      deleted(event.projectId(), event.requestedBy());
    } else if (!"git-push".equals(event.change())) {
      changed(event.projectId(), event.requestedBy());
    }
  }

  /** A project changed: a sync job follows once the debounce time has passed. */
  public void changed(String projectId, String userId) {
    if (projectId == null) {
      return;
    }
    pending.computeIfAbsent(
        projectId,
        id ->
            scheduler.schedule(
                () -> {
                  pending.remove(id);
                  publish(id, userId, GitSyncJob.Action.SYNC);
                },
                debounce.toMillis(),
                TimeUnit.MILLISECONDS));
  }

  /** A project was deleted: its repository goes too. */
  public void deleted(String projectId, String userId) {
    ScheduledFuture<?> waiting = pending.remove(projectId);
    if (waiting != null) {
      waiting.cancel(false);
    }
    publish(projectId, userId, GitSyncJob.Action.DELETE);
  }

  private void publish(String projectId, String userId, GitSyncJob.Action action) {
    try {
      publisher.publishJob(
          JobQueue.GIT_SYNC,
          new GitSyncJob(
              UUID.randomUUID().toString(),
              projectId,
              userId == null ? "system" : userId,
              Instant.now(),
              action));
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not queue git {} of project {}: {}", action.wireName(), projectId, e.toString());
    }
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }
}
