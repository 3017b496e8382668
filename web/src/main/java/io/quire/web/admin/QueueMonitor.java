package io.quire.web.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.messaging.WaitingJobs;
import io.quire.common.ops.WorkerDirectory;
import io.quire.common.ops.WorkerHeartbeat;
import io.quire.web.admin.QueueSnapshot.DeadLetterRow;
import io.quire.web.admin.QueueSnapshot.JobQueueRow;
import io.quire.web.admin.QueueSnapshot.Sample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Samples the queues every few seconds: keeps the chart's history, feeds the {@code
 * quire_queue_depth} gauges and the live stream. Counts come from the management API when
 * configured, else (or when it fails) from passive declares.
 */
final class QueueMonitor implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(QueueMonitor.class);
  private static final Duration STALE_MARGIN = Duration.ofSeconds(30);

  private final QueueTopology topology;
  private final List<QueueStatsSource> sources;
  private final WorkerDirectory workers;
  private final WaitingJobs waiting;
  private final Clock clock;
  private final Duration interval;
  private final Duration historyLength;
  private final Map<String, Double> depths = new ConcurrentHashMap<>();
  private final Deque<Sample> history = new ArrayDeque<>();
  private final List<Consumer<QueueSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private volatile ScheduledExecutorService timer;
  private volatile String lastProblem;

  /**
   * @param sources counts sources, preferred first; the next is tried when one fails
   */
  QueueMonitor(
      QueueTopology topology,
      List<QueueStatsSource> sources,
      WorkerDirectory workers,
      WaitingJobs waiting,
      MeterRegistry meters,
      Clock clock,
      Duration interval,
      Duration historyLength) {
    this.topology = topology;
    this.sources = List.copyOf(sources);
    this.workers = workers;
    this.waiting = waiting;
    this.clock = clock;
    this.interval = interval;
    this.historyLength = historyLength;
    for (String queue : topology.queueNames()) {
      Gauge.builder("quire.queue.depth", depths, d -> d.getOrDefault(queue, Double.NaN))
          .description("Messages ready in a queue (dead-letter queues included)")
          .tag("queue", queue)
          .register(meters);
    }
  }

  /** Called with every scheduled sample. */
  void onSample(Consumer<QueueSnapshot> listener) {
    listeners.add(listener);
  }

  /** The chart's points, oldest first. */
  List<Sample> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  /** Samples now, records the point and updates the gauges. */
  QueueSnapshot sample() {
    Instant now = clock.instant();
    List<String> names = topology.queueNames();
    Map<String, QueueCounts> counts = Map.of();
    String source = null;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < sources.size() && source == null; i++) {
      QueueStatsSource candidate = sources.get(i);
      try {
        counts = candidate.read(names);
        source = candidate.name();
        if (i < sources.size() - 1) {
          counts = withLiveCounts(counts, names, sources.get(sources.size() - 1));
        }
      } catch (RuntimeException e) {
        problems.add(candidate.name() + ": " + e.getMessage());
      }
    }
    List<WorkerHeartbeat> live;
    try {
      live = workers.live();
    } catch (RuntimeException e) {
      problems.add("worker heartbeats: " + e.getMessage());
      live = List.of();
    }
    String problem = problems.isEmpty() ? null : String.join("; ", problems);
    logProblemChange(problem);

    List<JobQueueRow> queues = new ArrayList<>();
    List<DeadLetterRow> dead = new ArrayList<>();
    Map<String, Long> depth = new LinkedHashMap<>();
    double oldest = 0;
    for (JobQueue jobQueue : JobQueue.values()) {
      String name = topology.queue(jobQueue);
      QueueCounts c = counts.get(name);
      Double age = c == null ? null : oldestAge(name, c, now);
      queues.add(
          c == null
              ? new JobQueueRow(jobQueue.shortName(), name, null, null, null, null, null, null)
              : new JobQueueRow(
                  jobQueue.shortName(),
                  name,
                  c.ready(),
                  c.unacked(),
                  c.consumers(),
                  c.publishRate(),
                  c.deliverRate(),
                  age));
      if (age != null) {
        oldest = Math.max(oldest, age);
      }
      String deadName = topology.deadLetterQueue(jobQueue);
      QueueCounts d = counts.get(deadName);
      dead.add(new DeadLetterRow(jobQueue.shortName(), deadName, d == null ? null : d.ready()));
      if (c != null) {
        depth.put(jobQueue.shortName(), c.ready());
      }
    }
    for (String name : names) {
      QueueCounts c = counts.get(name);
      depths.put(name, c == null ? Double.NaN : (double) c.ready());
    }
    QueueSnapshot snapshot = new QueueSnapshot(now, source, problem, queues, dead, live);
    record(new Sample(now, depth, Math.max(oldest, longestWait(live))));
    return snapshot;
  }

  /**
   * The management API refreshes its figures every few seconds (5 s by default), so a burst that
   * has drained would still show as waiting; the last source (passive declares) answers at once, so
   * ready messages and consumers come from it and unacknowledged counts and rates from the API.
   */
  private static Map<String, QueueCounts> withLiveCounts(
      Map<String, QueueCounts> counts, List<String> names, QueueStatsSource live) {
    Map<String, QueueCounts> now;
    try {
      now = live.read(names);
    } catch (RuntimeException e) {
      return counts;
    }
    Map<String, QueueCounts> merged = new LinkedHashMap<>(counts);
    now.forEach(
        (name, c) -> {
          QueueCounts slow = counts.get(name);
          merged.put(
              name,
              slow == null
                  ? c
                  : new QueueCounts(
                      c.ready(),
                      slow.unacked(),
                      c.consumers(),
                      slow.publishRate(),
                      slow.deliverRate(),
                      slow.headTimestamp()));
        });
    return merged;
  }

  /**
   * The management API gives the head message's timestamp only for classic queues; for the (quorum)
   * job queues the waiting-jobs records in Redis tell when the oldest job was queued. Records of a
   * queue the broker reports empty are stale (a broker-side requeue, a crash), so older ones are
   * dropped; the margin covers the management API's sampling lag.
   */
  private Double oldestAge(String queue, QueueCounts counts, Instant now) {
    if (counts.ready() == 0) {
      try {
        waiting.forgetQueuedBefore(queue, now.minus(STALE_MARGIN));
      } catch (RuntimeException e) {
        LOG.debug("Could not trim the waiting records of {}: {}", queue, e.toString());
      }
      return 0.0;
    }
    Instant head = counts.headTimestamp();
    if (head == null) {
      try {
        head = waiting.oldest(queue).orElse(null);
      } catch (RuntimeException e) {
        LOG.debug("Could not read the waiting records of {}: {}", queue, e.toString());
        head = null;
      }
    }
    return head == null ? null : Math.max(0, Duration.between(head, now).toMillis() / 1000.0);
  }

  private static double longestWait(List<WorkerHeartbeat> live) {
    return live.stream()
            .flatMap(w -> w.jobs().stream())
            .mapToLong(WorkerHeartbeat.Job::waitedMillis)
            .max()
            .orElse(0)
        / 1000.0;
  }

  private void record(Sample sample) {
    synchronized (history) {
      history.addLast(sample);
      Instant horizon = sample.at().minus(historyLength);
      while (!history.isEmpty() && history.peekFirst().at().isBefore(horizon)) {
        history.removeFirst();
      }
    }
  }

  private void logProblemChange(String problem) {
    String before = lastProblem;
    lastProblem = problem;
    if (problem != null && !problem.equals(before)) {
      LOG.warn("Queue dashboard: {}", problem);
    } else if (problem == null && before != null) {
      LOG.info("Queue dashboard: counts available again");
    }
  }

  private void tick() {
    try {
      QueueSnapshot snapshot = sample();
      listeners.forEach(l -> l.accept(snapshot));
    } catch (RuntimeException e) {
      LOG.warn("Queue sample failed", e);
    }
  }

  @Override
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "queue-monitor");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }
}
