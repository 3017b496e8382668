package io.quire.web.admin;

import io.quire.web.admin.QueueSnapshot.Sample;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The dashboard's live feed as server-sent events: a {@code history} event with the chart's points
 * on connection, then a {@code sample} event ({@code {snapshot, point}}) after each sample.
 * Browsers' {@code EventSource} reconnects by itself when the stream ends.
 */
final class QueueStream implements SmartLifecycle {
  /** Streams end after a while so a forgotten tab does not hold a connection forever. */
  private static final Duration LIFETIME = Duration.ofMinutes(30);

  record Event(QueueSnapshot snapshot, Sample point) {}

  private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
  private final QueueMonitor monitor;
  private volatile boolean running;

  QueueStream(QueueMonitor monitor) {
    this.monitor = monitor;
    monitor.onSample(this::publish);
  }

  SseEmitter subscribe() {
    SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(emitter::complete);
    emitter.onError(e -> emitters.remove(emitter));
    try {
      emitter.send(
          SseEmitter.event()
              .name("history")
              .data(monitor.history(), MediaType.APPLICATION_JSON)
              .reconnectTime(3000));
    } catch (IOException e) {
      emitter.completeWithError(e);
      return emitter;
    }
    emitters.add(emitter);
    return emitter;
  }

  private void publish(QueueSnapshot snapshot) {
    if (emitters.isEmpty()) {
      return;
    }
    List<Sample> points = monitor.history();
    Event event = new Event(snapshot, points.isEmpty() ? null : points.get(points.size() - 1));
    for (SseEmitter emitter : emitters) {
      try {
        emitter.send(SseEmitter.event().name("sample").data(event, MediaType.APPLICATION_JSON));
      } catch (IOException | IllegalStateException e) {
        // the browser went away
        emitters.remove(emitter);
      }
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /** Ends every stream, so graceful shutdown does not wait for open dashboards. */
  @Override
  public void stop() {
    running = false;
    for (SseEmitter emitter : emitters) {
      emitter.complete();
    }
    emitters.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // before the web server's graceful shutdown phase
    return Integer.MAX_VALUE;
  }
}
