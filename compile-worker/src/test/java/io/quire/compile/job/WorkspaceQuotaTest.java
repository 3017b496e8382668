package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceQuotaTest {
  @TempDir Path dir;

  @Test
  void usageCountsBytesOfRegularFilesAndEveryEntry() throws IOException {
    Files.write(dir.resolve("a.tex"), new byte[1000]);
    Files.createDirectories(dir.resolve("sub/deeper"));
    Files.write(dir.resolve("sub/deeper/b.aux"), new byte[24]);
    Files.createSymbolicLink(dir.resolve("link"), Path.of("/usr/bin"));
    try (WorkspaceQuota quota = new WorkspaceQuota(1 << 20, 100, Duration.ofSeconds(1))) {
      // the top directory, two below it, two files and a link (never followed)
      assertThat(quota.measure(dir)).isEqualTo(new WorkspaceQuota.Usage(1024, 6));
    }
  }

  @Test
  void aWorkspaceGrowingPastItsQuotaIsStoppedAndReported() throws Exception {
    AtomicInteger stops = new AtomicInteger();
    try (WorkspaceQuota quota = new WorkspaceQuota(10_000, 100, Duration.ofMillis(20))) {
      WorkspaceQuota.Watch watch = quota.watch(dir, stops::incrementAndGet);
      Files.write(dir.resolve("small"), new byte[5_000]);
      Thread.sleep(100);
      assertThat(stops).hasValue(0);
      assertThat(watch.exceeded()).isNull();

      Files.write(dir.resolve("big"), new byte[6_000]);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (stops.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(stops.get()).isPositive();
      watch.close();
      assertThat(watch.exceeded()).isNotNull();
      assertThat(watch.exceeded().bytes()).isGreaterThan(10_000);
    }
  }

  @Test
  void tooManyFilesCountAsMuchAsTooManyBytes() throws Exception {
    try (WorkspaceQuota quota = new WorkspaceQuota(1 << 30, 50, Duration.ofHours(1))) {
      WorkspaceQuota.Watch watch = quota.watch(dir, () -> {});
      for (int i = 0; i < 60; i++) {
        Files.createFile(dir.resolve("empty-" + i));
      }
      // written between two looks: the last look, when the watch closes, still sees it
      watch.close();
      assertThat(watch.exceeded()).isNotNull();
    }
  }

  @Test
  void aWorkspaceWithinItsQuotaIsLeftAlone() throws Exception {
    AtomicInteger stops = new AtomicInteger();
    try (WorkspaceQuota quota = new WorkspaceQuota(1 << 20, 100, Duration.ofMillis(10))) {
      WorkspaceQuota.Watch watch = quota.watch(dir, stops::incrementAndGet);
      Files.write(dir.resolve("main.pdf"), new byte[100_000]);
      Thread.sleep(100);
      watch.close();
      assertThat(watch.exceeded()).isNull();
      assertThat(stops).hasValue(0);
    }
  }
}
