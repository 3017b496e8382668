package io.quire.compile.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and kills the live processes of a sandbox uid through {@code /proc}. The pid namespace
 * already takes every process of a compile down with it; this is the check that it did, before the
 * uid is handed to the next compile.
 */
final class UidProcesses {
  private static final Logger LOG = LoggerFactory.getLogger(UidProcesses.class);
  private static final Path PROC = Path.of("/proc");

  private UidProcesses() {}

  /** Pids whose real uid is {@code uid}, zombies excluded (they hold nothing but a pid). */
  static List<Long> of(int uid) {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(PROC)) {
      entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                if (isLiveProcessOf(p, uid)) {
                  pids.add(Long.parseLong(p.getFileName().toString()));
                }
              });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + PROC, e);
    }
    return pids;
  }

  /**
   * Waits up to {@code grace} for the processes of {@code uid} to end by themselves, then kills
   * whatever is left. bwrap returns as soon as the command exits; its pid 1 and anything else in
   * the namespace then die from the parent-death signal a moment later, so a short wait is normal
   * and only what outlives it is a stray.
   *
   * @return how many strays had to be killed
   */
  static int reap(int uid, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (!of(uid).isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return killAll(uid);
  }

  /** Kills whatever still runs as {@code uid}; returns how many it found. */
  static int killAll(int uid) {
    int found = 0;
    for (int round = 0; round < 5; round++) {
      List<ProcessHandle> live = new ArrayList<>();
      of(uid).forEach(pid -> ProcessHandle.of(pid).ifPresent(live::add));
      if (live.isEmpty()) {
        break;
      }
      found += live.size();
      LOG.warn(
          "killing {} stray process(es) of sandbox uid {}: {}",
          live.size(),
          uid,
          live.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
      live.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle handle : live) {
        try {
          handle.onExit().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return found;
        } catch (ExecutionException | TimeoutException e) {
          // looked at again in the next round
        }
      }
    }
    return found;
  }

  private static boolean isLiveProcessOf(Path procDir, int uid) {
    try {
      String realUid = null;
      String state = null;
      for (String line : Files.readAllLines(procDir.resolve("status"))) {
        if (line.startsWith("Uid:")) {
          realUid = line.substring(4).trim().split("\\s+")[0];
        } else if (line.startsWith("State:")) {
          state = line.substring(6).trim();
        }
      }
      return String.valueOf(uid).equals(realUid) && state != null && !state.startsWith("Z");
    } catch (IOException e) {
      return false; // it ended while we looked
    }
  }
}
