package io.quire.common.ops;

import io.quire.common.contract.QuireMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs running on this instance right now and the job slots it has per queue. The job listener
 * reports every job it runs here, whatever its queue, so heartbeats show them without each handler
 * doing anything.
 */
public final class RunningJobs {

  /** A job being worked on. */
  public record RunningJob(
      String queue, String jobId, String projectId, Instant requestedAt, Instant startedAt) {}

  /** Ends the report of one job; closing twice is harmless. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> slots = new ConcurrentHashMap<>();

  public RunningJobs() {
    this(Clock.systemUTC());
  }

  public RunningJobs(Clock clock) {
    this.clock = clock;
  }

  /** Declares job slots (parallel consumers) of a queue on this instance. */
  public void addSlots(String queue, int count) {
    slots.merge(queue, count, Integer::sum);
  }

  /** Reports a job as started; close the registration when it ends, however it ends. */
  public Registration started(String queue, QuireMessage job) {
    long key = sequence.incrementAndGet();
    running.put(
        key,
        new RunningJob(queue, job.jobId(), job.projectId(), job.requestedAt(), clock.instant()));
    return () -> running.remove(key);
  }

  /** The running jobs, longest running first. */
  public List<RunningJob> current() {
    return running.values().stream().sorted(Comparator.comparing(RunningJob::startedAt)).toList();
  }

  /** Job slots by queue, sorted by queue name. */
  public Map<String, Integer> slots() {
    return new TreeMap<>(slots);
  }

  /** All job slots of this instance. */
  public int capacity() {
    return slots.values().stream().mapToInt(Integer::intValue).sum();
  }

  Clock clock() {
    return clock;
  }
}
