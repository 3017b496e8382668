package io.quire.history.export;

import io.quire.common.history.VersionExportStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Deletes expired exports with their zips every {@code interval}. Every history-worker sweeps;
 * deleting twice is harmless.
 */
final class ExportSweeper implements InitializingBean, DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(ExportSweeper.class);

  private final VersionExportStore exports;
  private final Duration interval;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "export-sweeper");
            thread.setDaemon(true);
            return thread;
          });

  ExportSweeper(VersionExportStore exports, Duration interval) {
    this.exports = exports;
    this.interval = interval;
  }

  @Override
  public void afterPropertiesSet() {
    timer.scheduleWithFixedDelay(
        this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Deletes what expired by now; returns how many exports. */
  int sweep() {
    try {
      int deleted = exports.deleteExpired(Instant.now());
      if (deleted > 0) {
        LOG.info("Deleted {} expired version exports", deleted);
      }
      return deleted;
    } catch (RuntimeException e) {
      LOG.warn("Could not delete expired exports: {}", e.toString());
      return 0;
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
