package io.quire.compile.sandbox;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Hands out one unprivileged uid per running compile. A uid of its own per compile means the
 * process limit (RLIMIT_NPROC, counted per uid over the whole host) of one compile cannot starve
 * another, and two compiles cannot signal each other.
 */
final class UidSlots {
  private final int base;
  private final int count;
  private final Deque<Integer> free = new ArrayDeque<>();

  UidSlots(int base, int count) {
    this.base = base;
    this.count = count;
    for (int i = 0; i < count; i++) {
      free.addLast(base + i);
    }
  }

  /** Fails instead of waiting: the worker's concurrency must not exceed the slots. */
  synchronized int acquire() throws IOException {
    Integer uid = free.pollFirst();
    if (uid == null) {
      throw new IOException(
          "all "
              + count
              + " sandbox uids are in use; raise the bubblewrap slots above the"
              + " worker's compile concurrency");
    }
    return uid;
  }

  synchronized void release(int uid) {
    if (uid < base || uid >= base + count || free.contains(uid)) {
      throw new IllegalStateException("uid " + uid + " was not handed out by these slots");
    }
    // least recently used first, so a uid gets the longest time for stragglers to disappear
    free.addLast(uid);
  }

  synchronized int available() {
    return free.size();
  }
}
