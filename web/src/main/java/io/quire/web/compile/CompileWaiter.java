package io.quire.web.compile;

import io.quire.common.compile.CompileJobState;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileCompletedEvent;
import io.quire.common.contract.MessageCodec;
import io.quire.common.contract.UnreadableMessageException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/**
 * Lets a request wait for a compile: completed by the {@code compile.completed} event this web
 * instance receives, with a slow poll of the stored state as a safety net (an event can be missed
 * while the connection is being re-established).
 */
class CompileWaiter implements MessageListener {
  private static final Logger LOG = LoggerFactory.getLogger(CompileWaiter.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final CompileStore store;
  private final MessageCodec codec;
  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

  CompileWaiter(CompileStore store, MessageCodec codec) {
    this.store = store;
    this.codec = codec;
  }

  @Override
  public void onMessage(Message message) {
    try {
      CompileCompletedEvent event = codec.decode(message.getBody(), CompileCompletedEvent.class);
      CompletableFuture<Void> future = waiting.get(event.jobId());
      if (future != null) {
        future.complete(null);
      }
    } catch (UnreadableMessageException e) {
      LOG.warn("Ignoring unreadable event: {}", e.getMessage());
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
