package io.quire.compile.job;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk quota on a workspace while a compile runs in it. The sandbox's file-size limit bounds each
 * file, not how many a document writes; neither bubblewrap's bind mount nor Docker's gives a quota
 * on a directory. So the worker measures the workspace every {@code interval} and stops the compile
 * once it holds more than {@code maxBytes} or {@code maxEntries}; between two looks a compile can
 * add at most what the disk writes in one interval.
 */
public final class WorkspaceQuota implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceQuota.class);

  private final long maxBytes;
  private final long maxEntries;
  private final Duration interval;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "workspace-quota");
            thread.setDaemon(true);
            return thread;
          });

  public WorkspaceQuota(long maxBytes, long maxEntries, Duration interval) {
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
    this.interval = interval;
  }

  /** What a workspace holds: bytes of its regular files, and entries of every kind. */
  record Usage(long bytes, long entries) {}

  /**
   * Measures {@code dir} until the watch is closed; while it is over the quota, calls {@code stop}
   * at every look (a run started after the first call is stopped too).
   */
  Watch watch(Path dir, Runnable stop) {
    Watch watch = new Watch(dir, stop);
    watch.task =
        timer.scheduleWithFixedDelay(
            watch::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return watch;
  }

  /** The usage of {@code dir}, or the first usage found over the quota (the walk stops there). */
  Usage measure(Path dir) throws IOException {
    long[] totals = new long[2];
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            return count(0);
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            return count(attrs.isRegularFile() ? attrs.size() : 0);
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE; // deleted while the walk went on
            }
            throw e;
          }

          private FileVisitResult count(long bytes) {
            totals[0] += bytes;
            totals[1]++;
            return over(totals[0], totals[1])
                ? FileVisitResult.TERMINATE
                : FileVisitResult.CONTINUE;
          }
        });
    return new Usage(totals[0], totals[1]);
  }

  boolean over(long bytes, long entries) {
    return bytes > maxBytes || entries > maxEntries;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public long maxEntries() {
    return maxEntries;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One compile's watch. */
  final class Watch implements AutoCloseable {
    private final Path dir;
    private final Runnable stop;
    private volatile ScheduledFuture<?> task;
    private volatile Usage exceeded;

    private Watch(Path dir, Runnable stop) {
      this.dir = dir;
      this.stop = stop;
    }

    private void look() {
      try {
        Usage usage = measure(dir);
        if (over(usage.bytes(), usage.entries())) {
          if (exceeded == null) {
            LOG.warn("Workspace {} is over its quota ({}); stopping its compile", dir, usage);
          }
          exceeded = usage;
          stop.run();
        }
      } catch (IOException | RuntimeException e) {
        // a workspace that cannot be measured cannot be trusted to stay small
        LOG.warn("Cannot measure workspace {}; stopping its compile: {}", dir, e.toString());
        exceeded = new Usage(-1, -1);
        stop.run();
      }
    }

    /** The usage that was over the quota, or null while the workspace stayed within it. */
    Usage exceeded() {
      return exceeded;
    }

    /** Stops watching, after one last look: what was written since the previous look counts. */
    @Override
    public void close() {
      task.cancel(false);
      if (exceeded == null) {
        try {
          Usage usage = measure(dir);
          if (over(usage.bytes(), usage.entries())) {
            exceeded = usage;
          }
        } catch (IOException e) {
          exceeded = new Usage(-1, -1);
        }
      }
    }
  }
}
