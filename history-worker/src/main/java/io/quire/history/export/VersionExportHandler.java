package io.quire.history.export;

import io.quire.common.contract.HistoryExportJob;
import io.quire.common.history.Version;
import io.quire.common.history.VersionExport;
import io.quire.common.history.VersionExportStore;
import io.quire.common.history.VersionExportStore.Upload;
import io.quire.common.history.VersionStore;
import io.quire.common.history.VersionZip;
import io.quire.common.messaging.JobHandler;
import io.quire.common.messaging.NonRetryableJobException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the zip of one version into the export store, streaming every blob into a GridFS upload so
 * memory stays small whatever the project's size. A redelivered job whose export is ready does
 * nothing; one that finds a half-built export starts a fresh upload (the store cleans up the old
 * one). A version that no longer exists fails the export at once; anything else is retried, and a
 * job given up marks its export failed so the user is told.
 */
final class VersionExportHandler implements JobHandler<HistoryExportJob> {
  private static final Logger LOG = LoggerFactory.getLogger(VersionExportHandler.class);

  private final VersionStore versions;
  private final VersionExportStore exports;
  private final VersionZip zip;
  private final Duration ttl;

  VersionExportHandler(
      VersionStore versions, VersionExportStore exports, VersionZip zip, Duration ttl) {
    this.versions = versions;
    this.exports = exports;
    this.zip = zip;
    this.ttl = ttl;
  }

  @Override
  public boolean isAlreadyDone(HistoryExportJob job) {
    return exports
        .find(job.exportId())
        .map(e -> e.status() == VersionExport.Status.READY)
        .orElse(true);
  }

  @Override
  public void handle(HistoryExportJob job, Delivery delivery) {
    Optional<VersionExport> export = exports.find(job.exportId());
    if (export.isEmpty()) {
      LOG.info("Export {} expired or was deleted before it was built", job.exportId());
      return;
    }
    if (!export.get().projectId().equals(job.projectId())
        || export.get().version() != job.version()) {
      throw new NonRetryableJobException(
          "export " + job.exportId() + " is not of version " + job.version() + " of the project");
    }
    if (export.get().status() == VersionExport.Status.READY) {
      return;
    }
    Optional<Version> version = versions.find(job.projectId(), job.version());
    if (version.isEmpty()) {
      exports.fail(
          job.exportId(), "Version " + job.version() + " no longer exists.", Optional.empty());
      return;
    }
    Optional<Upload> upload = exports.start(job.exportId());
    if (upload.isEmpty()) {
      return; // finished by another delivery meanwhile
    }
    long started = System.nanoTime();
    VersionZip.Written written;
    try {
      written = zip.write(version.get(), upload.get().stream());
      upload.get().stream().close();
    } catch (IOException | RuntimeException e) {
      upload.get().stream().abort();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
    boolean ours =
        exports.finish(
            upload.get(),
            written.entries(),
            written.bytes(),
            written.missing(),
            Instant.now().plus(ttl));
    LOG.info(
        "Export {} of project {} version {}: {} files, {} bytes in {} ms{}{}",
        job.exportId(),
        job.projectId(),
        job.version(),
        written.entries(),
        written.bytes(),
        (System.nanoTime() - started) / 1_000_000,
        written.missing().isEmpty() ? "" : "; missing content: " + written.missing(),
        ours ? "" : " (another attempt finished first)");
  }

  @Override
  public void gaveUp(HistoryExportJob job, RuntimeException cause) {
    exports.fail(job.exportId(), "The zip could not be built; try again later.", Optional.empty());
  }
}
