package io.quire.web.admin;

import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.web.account.QuireUser;
import io.quire.web.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Queues")
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

  @Operation(
      operationId = "queueSnapshot",
      summary = "Job queues and workers now",
      description =
          "Administrators. Per queue: depth, unacknowledged, consumers, rates, dead letters; the"
              + " worker instances from their heartbeats.")
  @ApiResponse(responseCode = "200", description = "A snapshot of the queues and workers")
  @GetMapping("/api/admin/queues")
  QueueSnapshot queues() {
    return monitor.sample();
  }

  /** The chart's points, oldest first. */
  @Operation(
      operationId = "queueHistory",
      summary = "Recent samples of the queues, for the chart",
      description = "Administrators. Oldest first.")
  @ApiResponse(responseCode = "200", description = "The samples")
  @GetMapping("/api/admin/queues/history")
  List<QueueSnapshot.Sample> history() {
    return monitor.history();
  }

  @Operation(
      operationId = "queueStream",
      summary = "Live queue snapshots as server-sent events",
      description = "Administrators. One event per sample while the connection stays open.")
  @ApiResponse(
      responseCode = "200",
      description = "An event stream of snapshots",
      content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
  @GetMapping(path = "/api/admin/queues/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(HttpServletResponse response) {
    // nginx would otherwise buffer the events and the dashboard would not be live
    response.setHeader("X-Accel-Buffering", "no");
    return stream.subscribe();
  }

  @Operation(
      operationId = "listDeadLetters",
      summary = "A queue's dead letters",
      description =
          "Administrators. `queue` is a short name (such as compile.interactive); `limit` 1 to 200"
              + " (default 50). Each with why it died, how often, and the start of its payload."
              + " Looking takes the messages and gives them back, which the broker counts as a"
              + " delivery.")
  @ApiResponse(responseCode = "200", description = "The first dead letters of the queue")
  @ApiResponse(responseCode = "400", description = "`limit` out of range.")
  @ApiResponse(responseCode = "404", description = "There is no job queue of this name.")
  @GetMapping("/api/admin/queues/{queue}/dead-letters")
  List<DeadLetter> deadLetters(
      @PathVariable String queue, @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > MAX_LISTED) {
      throw ApiException.badRequest("limit: between 1 and " + MAX_LISTED + ".");
    }
    return deadLetters.list(jobQueue(queue), limit);
  }

  @Operation(
      operationId = "requeueDeadLetter",
      summary = "Put one dead letter back on its queue",
      description = "Administrators; audited.")
  @ApiResponse(responseCode = "200", description = "Requeued")
  @ApiResponse(
      responseCode = "404",
      description = "No such job queue, or its dead-letter queue holds no such message.")
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

  @Operation(
      operationId = "requeueAllDeadLetters",
      summary = "Put every dead letter of a queue back on it",
      description = "Administrators; audited.")
  @ApiResponse(responseCode = "200", description = "How many were requeued")
  @ApiResponse(responseCode = "404", description = "There is no job queue of this name.")
  @PostMapping("/api/admin/queues/{queue}/dead-letters/requeue-all")
  Requeued requeueAll(@AuthenticationPrincipal QuireUser admin, @PathVariable String queue) {
    int moved = deadLetters.requeueAll(jobQueue(queue));
    audit.record(admin, "dead-letters.requeue-all", queue, Map.of("requeued", moved));
    return new Requeued(queue, moved);
  }

  /** Deleting dead letters cannot be undone: the caller confirms by naming the queue again. */
  @Operation(
      operationId = "purgeDeadLetters",
      summary = "Delete a queue's dead letters for good",
      description =
          "Administrators; audited. Cannot be undone, so the caller repeats the queue name as"
              + " `confirm`.")
  @ApiResponse(responseCode = "200", description = "How many were deleted")
  @ApiResponse(responseCode = "400", description = "`confirm` does not repeat the queue name.")
  @ApiResponse(responseCode = "404", description = "There is no job queue of this name.")
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

  @Operation(
      operationId = "auditLog",
      summary = "Recent audited administrator actions",
      description = "Administrators. Newest first; `limit` 1 to 200 (default 50).")
  @ApiResponse(responseCode = "200", description = "The audit entries")
  @ApiResponse(responseCode = "400", description = "`limit` out of range.")
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
