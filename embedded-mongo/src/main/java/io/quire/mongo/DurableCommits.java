package io.quire.mongo;

import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVStore;

/**
 * Makes everything written to an {@link MVStore} so far durable: committed into the file and the
 * file forced to the disk. The store must be opened with its background commits off, so that every
 * commit is one of ours and none writes asynchronously behind a {@code sync}.
 *
 * <p>Concurrent requests share the work (group commit): a request that finds its change already
 * committed and synced by another returns without touching the disk, and requests that only read
 * never wait for a sync.
 */
final class DurableCommits {
  private final MVStore store;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile long syncedVersion;

  DurableCommits(MVStore store) {
    this.store = store;
    this.syncedVersion = store.getCurrentVersion();
  }

  /**
   * Returns once every change made before the call is on the disk. Throws when the store cannot
   * write or sync (the request is then answered with an error, never acknowledged).
   */
  void makeDurable() {
    // A store raises its version before it writes, so while a commit is under way the version
    // differs from the synced one and this fast path is not taken.
    if (!store.hasUnsavedChanges() && store.getCurrentVersion() == syncedVersion) {
      return;
    }
    lock.lock();
    try {
      // commit() waits for a store in progress and then writes what is left, synchronously
      store.commit();
      long version = store.getCurrentVersion();
      if (version != syncedVersion) {
        store.sync();
        syncedVersion = version;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Rewrites live pages out of sparsely used chunks (what the store's background thread would do),
   * so that the file does not grow without bound, then makes the result durable. Runs under the
   * same lock as commits: a compaction must never run while a commit decides what is on disk.
   */
  void compact(int targetFillRate, int maxBytesToWrite) {
    lock.lock();
    try {
      store.compact(targetFillRate, maxBytesToWrite);
      makeDurable();
    } finally {
      lock.unlock();
    }
  }
}
