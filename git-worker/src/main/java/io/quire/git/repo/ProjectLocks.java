package io.quire.git.repo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * One Redis lock per project repository, held while its {@code main} moves (a snapshot commit or a
 * push), so git-worker instances never interleave. The lock is only a traffic light: the writes it
 * guards are conditional themselves (ref updates with the expected old id, tree replacements with
 * the expected tree version), so a holder whose lock expired cannot overwrite anything.
 */
public final class ProjectLocks {
  private final RedissonClient redisson;
  private final String prefix;
  private final Duration wait;

  public ProjectLocks(RedissonClient redisson, String prefix, Duration wait) {
    this.redisson = redisson;
    this.prefix = prefix;
    this.wait = wait;
  }

  /** Thrown when another request kept the project busy for longer than the wait. */
  public static final class BusyException extends RuntimeException {
    BusyException(String projectId) {
      super("project " + projectId + " is busy with another git operation; try again");
    }
  }

  /** Runs an action holding the project's lock (reentrant within a thread). */
  public <T> T withLock(String projectId, Supplier<T> action) {
    RLock lock = redisson.getLock(prefix + ":git:lock:" + projectId);
    boolean locked;
    try {
      locked = lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException(projectId);
    }
    if (!locked) {
      throw new BusyException(projectId);
    }
    try {
      return action.get();
    } finally {
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
  }

  /** Runs an action only when the lock is free right now; false when it was busy. */
  public boolean tryWithLock(String projectId, Runnable action) {
    RLock lock = redisson.getLock(prefix + ":git:lock:" + projectId);
    if (!lock.tryLock()) {
      return false;
    }
    try {
      action.run();
      return true;
    } finally {
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
  }
}
