package io.quire.web.history;

import io.quire.common.contract.HistoryExportJob;
import io.quire.common.history.Version;
import io.quire.common.history.VersionExport;
import io.quire.common.history.VersionExportStore;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.project.Project;
import io.quire.web.system.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Version zips as jobs: a request hands out the export of that version already built or being
 * built, or records a new one and queues a {@code history.export} job for history-worker.
 */
@Component
class HistoryExports {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryExports.class);

  /** A queued or running export older than this may have lost its job: build another. */
  private static final Duration IN_FLIGHT_LIMIT = Duration.ofMinutes(10);

  private final VersionExportStore exports;
  private final MessagePublisher publisher;
  private final Duration ttl;

  HistoryExports(
      VersionExportStore exports, MessagePublisher publisher, WebHistoryProperties properties) {
    this.exports = exports;
    this.publisher = publisher;
    this.ttl = properties.exportTtl();
  }

  VersionExport request(Project project, Version version, String userId) {
    Instant now = Instant.now();
    // a zip handed out again must leave the client time to download it
    Duration margin =
        ttl.dividedBy(4).compareTo(Duration.ofMinutes(5)) < 0
            ? ttl.dividedBy(4)
            : Duration.ofMinutes(5);
    Optional<VersionExport> existing =
        exports.reusable(
            project.id(),
            version.number(),
            version.revision(),
            now.plus(margin),
            now.minus(IN_FLIGHT_LIMIT));
    if (existing.isPresent()) {
      return existing.get();
    }
    VersionExport created =
        exports.create(project.id(), version.number(), version.revision(), userId, now.plus(ttl));
    try {
      publisher.publishJob(
          JobQueue.HISTORY_EXPORT,
          new HistoryExportJob(
              UUID.randomUUID().toString(),
              project.id(),
              userId,
              now,
              created.id(),
              version.number()));
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not queue the export of {} v{}: {}", project.id(), version.number(), e.toString());
      exports.fail(created.id(), "The export could not be queued.", Optional.empty());
      throw ApiException.unavailable("The export could not be queued; try again in a moment.");
    }
    return created;
  }

  /**
   * An export of the project that has not expired; one in flight for longer than a job can take is
   * reported failed, so that nobody waits for it for ever.
   */
  VersionExport find(Project project, String exportId) {
    Instant now = Instant.now();
    VersionExport export =
        exports
            .find(project.id(), exportId)
            .filter(e -> !e.isExpired(now))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "There is no export "
                            + exportId
                            + " (exports are kept for "
                            + human(ttl)
                            + "; ask for a new one)."));
    boolean inFlight =
        export.status() == VersionExport.Status.QUEUED
            || export.status() == VersionExport.Status.RUNNING;
    if (inFlight
        && exports.failIfLost(
            export.id(),
            now.minus(IN_FLIGHT_LIMIT),
            "The export was lost: no history worker finished it within "
                + human(IN_FLIGHT_LIMIT)
                + ". Ask for the zip again.")) {
      LOG.warn("Export {} of project {} was lost; reported failed", export.id(), project.id());
      return exports.find(project.id(), exportId).orElse(export);
    }
    return export;
  }

  Optional<java.io.InputStream> open(VersionExport export) {
    return exports.open(export.id());
  }

  private static String human(Duration duration) {
    long minutes = duration.toMinutes();
    if (minutes >= 120 && minutes % 60 == 0) {
      return minutes / 60 + " hours";
    }
    return minutes >= 1 ? minutes + " minutes" : duration.toSeconds() + " seconds";
  }
}
