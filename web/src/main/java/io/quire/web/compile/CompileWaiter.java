package io.quire.web.compile;

import io.quire.common.compile.CompileJobState;
import io.quire.common.compile.CompileStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets a request wait for a compile: completed by the {@code compile.completed} event this web
 * instance receives (see {@link CompileEventListener}), with a slow poll of the stored state as a
 * safety net (an event can be missed while the connection is being re-established).
 */
class CompileWaiter {
  private static final Duration POLL = Duration.ofMillis(500);

  private final CompileStore store;
  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

  CompileWaiter(CompileStore store) {
    this.store = store;
  }

  /** The job ended: wakes the requests waiting for it on this instance. */
  void completed(String jobId) {
    CompletableFuture<Void> future = waiting.get(jobId);
    if (future != null) {
      future.complete(null);
    }
  }

  /** Waits until the job is final or the time is up; returns its latest state. */
  Optional<CompileJobState> await(String jobId, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      // register before reading the state, so an event between the two is not missed
      CompletableFuture<Void> signal =
          waiting.computeIfAbsent(jobId, id -> new CompletableFuture<>());
      Optional<CompileJobState> state = store.state(jobId);
      long left = deadline - System.nanoTime();
      if (state.isEmpty()
          || state.get().isFinal()
          || state.get().supersededBy() != null
          || left <= 0) {
        waiting.remove(jobId, signal);
        return state;
      }
      try {
        signal.get(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS);
        waiting.remove(jobId, signal);
      } catch (TimeoutException e) {
        // poll the stored state again
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
