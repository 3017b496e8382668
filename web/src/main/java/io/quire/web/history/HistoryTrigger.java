package io.quire.web.history;

import io.quire.common.collab.DocUpdate;
import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.contract.ProjectChangedEvent;
import io.quire.common.history.TreeChange;
import io.quire.common.history.TreeChangeStore;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.project.DocStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues {@code history.ingest} jobs when a project's documents or tree change, debounced across
 * all web instances by a Redis gate key that lives {@code debounce}: whoever sets the gate queues a
 * job. A change that finds the gate taken is remembered, and this instance keeps trying to take the
 * gate until it gets it and then queues a job. Since a job reads the project when it runs, any job
 * queued after a change covers it, so the last change of a burst is never left out, and the project
 * gets at most one job per gate period.
 *
 * <p>All the work runs on one thread of this instance, off the editors' request threads.
 */
@Component
class HistoryTrigger implements DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryTrigger.class);

  private final TreeChangeStore treeChanges;
  private final RedissonClient redis;
  private final MessagePublisher publisher;
  private final String gatePrefix;
  private final Duration debounce;
  private final ScheduledExecutorService worker;

  /** Projects with a change waiting for the gate, and who made the latest such change. */
  private final Map<String, String> waiting = new HashMap<>();

  HistoryTrigger(
      DocStore docs,
      TreeChangeStore treeChanges,
      RedissonClient redis,
      MessagePublisher publisher,
      QueueTopology topology,
      WebHistoryProperties properties) {
    this.treeChanges = treeChanges;
    this.redis = redis;
    this.publisher = publisher;
    this.gatePrefix = topology.prefix() + ":history:gate:";
    this.debounce = properties.debounce();
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "history-trigger");
              thread.setDaemon(true);
              return thread;
            });
    docs.addUpdateListener(this::docUpdated);
  }

  private void docUpdated(DocUpdate update) {
    changed(update.projectId(), update.userId());
  }

  /** Tree changes: recorded with their author, then a job like any change. */
  @EventListener
  void projectChanged(ProjectChangedEvent event) {
    try {
      if ("tree".equals(event.change())) {
        treeChanges.record(
            new TreeChange(
                event.projectId(), event.treeVersion(), event.requestedBy(), event.requestedAt()));
      }
    } catch (RuntimeException e) {
      // history then names the job's requester instead; the tree itself is read from the project
      LOG.warn("Could not record the tree change of {}: {}", event.projectId(), e.toString());
    }
    changed(event.projectId(), event.requestedBy());
  }

  /** Something of the project changed and is stored. */
  void changed(String projectId, String userId) {
    String author = userId == null || userId.isBlank() ? "system" : userId;
    worker.execute(() -> attempt(projectId, author));
  }

  private void attempt(String projectId, String userId) {
    if (waiting.containsKey(projectId)) {
      waiting.put(projectId, userId);
      return;
    }
    waiting.put(projectId, userId);
    retryAfterGate(projectId);
  }

  /** Takes the gate and queues a job, or tries again when the gate opens. */
  private void retryAfterGate(String projectId) {
    long waitMillis;
    try {
      RBucket<String> gate = redis.getBucket(gatePrefix + projectId, StringCodec.INSTANCE);
      if (gate.setIfAbsent("1", debounce)) {
        String userId = waiting.remove(projectId);
        if (publish(projectId, userId)) {
          return;
        }
        waiting.putIfAbsent(projectId, userId);
        waitMillis = debounce.toMillis();
      } else {
        waitMillis = gate.remainTimeToLive();
      }
    } catch (RuntimeException e) {
      LOG.warn("History gate of {} unavailable: {}", projectId, e.toString());
      waitMillis = debounce.toMillis();
    }
    worker.schedule(
        () -> retryAfterGate(projectId), Math.max(waitMillis, 0) + 20, TimeUnit.MILLISECONDS);
  }

  private boolean publish(String projectId, String userId) {
    try {
      publisher.publishJob(
          JobQueue.HISTORY_INGEST,
          new HistoryIngestJob(UUID.randomUUID().toString(), projectId, userId, Instant.now(), 0L));
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Could not queue the history job of {}: {}", projectId, e.toString());
      return false;
    }
  }

  /** Queues the waiting jobs without the gate, so a stopping instance leaves no change out. */
  @Override
  public void destroy() {
    try {
      worker
          .submit(
              () -> {
                waiting.forEach(this::publish);
                waiting.clear();
              })
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("Could not queue the waiting history jobs: {}", e.toString());
    } finally {
      worker.shutdownNow();
    }
  }
}
