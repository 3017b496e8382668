package io.quire.web.admin;

import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.web.account.QuireUser;
import io.quire.web.system.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The queue dashboard's API: queues, dead letters and worker instances; requeue and purge are
 * audited. Under {@code /api/admin/**}, so only for administrators.
 */
@RestController
class QueuesController {
  private static final int MAX_LISTED = 200;

  private final QueueMonitor monitor;
  private final QueueStream stream;
  private final DeadLetters deadLetters;
  private final AuditLog audit;

  QueuesController(
      QueueMonitor monitor, QueueStream stream, DeadLetters deadLetters, AuditLog audit) {
    this.monitor = monitor;
    this.stream = stream;
    this.deadLetters = deadLetters;
    this.audit = audit;
  }

  record Requeued(String queue, int requeued) {}

  record Purged(String queue, long purged) {}

  @GetMapping("/api/admin/queues")
  QueueSnapshot queues() {
    return monitor.sample();
  }

  /** The chart's points, oldest first. */
  @GetMapping("/api/admin/queues/history")
  List<QueueSnapshot.Sample> history() {
    return monitor.history();
  }

  @GetMapping(path = "/api/admin/queues/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(HttpServletResponse response) {
    // nginx would otherwise buffer the events and the dashboard would not be live
    response.setHeader("X-Accel-Buffering", "no");
    return stream.subscribe();
  }

  @GetMapping("/api/admin/queues/{queue}/dead-letters")
  List<DeadLetter> deadLetters(
      @PathVariable String queue, @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > MAX_LISTED) {
      throw ApiException.badRequest("limit: between 1 and " + MAX_LISTED + ".");
    }
    return deadLetters.list(jobQueue(queue), limit);
  }

  @PostMapping("/api/admin/queues/{queue}/dead-letters/{messageId}/requeue")
  Requeued requeue(
      @AuthenticationPrincipal QuireUser admin,
      @PathVariable String queue,
      @PathVariable String messageId) {
    JobQueue jobQueue = jobQueue(queue);
    if (!deadLetters.requeue(jobQueue, messageId)) {
      throw ApiException.notFound(
          "The dead-letter queue of " + queue + " holds no message " + messageId + ".");
    }
    audit.record(admin, "dead-letters.requeue", queue, Map.of("messageId", messageId));
    return new Requeued(queue, 1);
  }

  @PostMapping("/api/admin/queues/{queue}/dead-letters/requeue-all")
  Requeued requeueAll(@AuthenticationPrincipal QuireUser admin, @PathVariable String queue) {
    int moved = deadLetters.requeueAll(jobQueue(queue));
    audit.record(admin, "dead-letters.requeue-all", queue, Map.of("requeued", moved));
    return new Requeued(queue, moved);
  }

  /** Deleting dead letters cannot be undone: the caller confirms by naming the queue again. */
  @DeleteMapping("/api/admin/queues/{queue}/dead-letters")
  Purged purge(
      @AuthenticationPrincipal QuireUser admin,
      @PathVariable String queue,
      @RequestParam(required = false) String confirm) {
    JobQueue jobQueue = jobQueue(queue);
    if (!queue.equals(confirm)) {
      throw ApiException.badRequest(
          "Purging deletes the dead letters for good: repeat the queue name as confirm="
              + queue
              + ".");
    }
    long purged = deadLetters.purge(jobQueue);
    audit.record(admin, "dead-letters.purge", queue, Map.of("purged", purged));
    return new Purged(queue, purged);
  }

  @GetMapping("/api/admin/audit")
  List<AuditLog.Entry> audit(@RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > MAX_LISTED) {
      throw ApiException.badRequest("limit: between 1 and " + MAX_LISTED + ".");
    }
    return audit.recent(limit);
  }

  private static JobQueue jobQueue(String shortName) {
    return Arrays.stream(JobQueue.values())
        .filter(q -> q.shortName().equals(shortName))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("There is no job queue " + shortName + "."));
  }
}
