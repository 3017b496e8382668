package io.quire.compile.job;

import io.quire.common.compile.CompileJobState;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileCompletedEvent;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.CompileTimings;
import io.quire.common.contract.LogEntry;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.messaging.JobHandler;
import io.quire.common.messaging.MessagePublisher;
import io.quire.compile.preamble.FormatBuilder;
import io.quire.compile.preamble.PreambleCache;
import io.quire.compile.preamble.PreambleCache.Plan;
import io.quire.compile.workspace.WorkspaceSync;
import io.quire.compile.workspace.WorkspaceSync.SyncReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one compile job: skip it when superseded or cancelled, else lock the project (fenced), sync
 * its workspace, run it ({@link CompileAttempts}: in the sandbox, with the format of the preamble
 * when one stands in for it, see {@link PreambleCache}), store outputs and result ({@link
 * CompileOutcomes}), publish completion, then, still under the lock, save the aux state for other
 * workers ({@link AuxStateTransfer}) and dump the preamble into a format ({@link FormatBuilder})
 * when the cache asks for one. This class only orders those steps; each is done by the type named.
 */
public final class CompileJobHandler implements JobHandler<CompileJob> {
  private static final Logger LOG = LoggerFactory.getLogger(CompileJobHandler.class);

  private final CompileStore store;
  private final RedissonClient redisson;
  private final WorkspaceSync workspaces;
  private final CompileAttempts attempts;
  private final RunningCompiles running;
  private final CompileLimits limits;
  private final CompileOutcomes outcomes;
  private final AuxStateTransfer auxState;
  private final PreambleCache formats;
  private final FormatBuilder dumps;
  private final MessagePublisher publisher;
  private final CompileMetrics metrics;
  private final String workerId;

  public CompileJobHandler(
      CompileStore store,
      RedissonClient redisson,
      WorkspaceSync workspaces,
      CompileAttempts attempts,
      RunningCompiles running,
      CompileLimits limits,
      CompileOutcomes outcomes,
      AuxStateTransfer auxState,
      PreambleCache formats,
      FormatBuilder dumps,
      MessagePublisher publisher,
      CompileMetrics metrics,
      String workerId) {
    this.store = store;
    this.redisson = redisson;
    this.workspaces = workspaces;
    this.attempts = attempts;
    this.running = running;
    this.limits = limits;
    this.outcomes = outcomes;
    this.auxState = auxState;
    this.formats = formats;
    this.dumps = dumps;
    this.publisher = publisher;
    this.metrics = metrics;
    this.workerId = workerId;
  }

  @Override
  public boolean isAlreadyDone(CompileJob job) {
    return store.state(job.jobId()).map(CompileJobState::isFinal).orElse(false);
  }

  @Override
  public void handle(CompileJob job, Delivery delivery) {
    long prepareStart = System.nanoTime();
    CompileJobState state =
        store
            .state(job.jobId())
            .orElseGet(
                () ->
                    CompileJobState.queued(
                        job.jobId(),
                        job.projectId(),
                        job.requestedBy(),
                        job.priority(),
                        job.cacheKey(),
                        job.requestedAt()));
    if (state.isFinal()) {
      return;
    }
    String latest = store.latest(job.projectId(), job.requestedBy()).orElse(job.jobId());
    if (!latest.equals(job.jobId())) {
      LOG.info("Job {} was superseded by {}; skipping it", job.jobId(), latest);
      store.dequeued(delivery.queue(), job.jobId());
      store.releaseInflight(job.cacheKey(), job.jobId());
      store.saveState(state.supersededBy(latest));
      return;
    }
    RFencedLock lock = redisson.getFencedLock(store.lockName(job.projectId()));
    long token = lock.lockAndGetToken();
    metrics.stage("prepare", prepareStart);
    try {
      run(job, delivery, state, token);
    } finally {
      running.finished(job.projectId(), job.jobId());
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
  }

  private void run(CompileJob job, Delivery delivery, CompileJobState queued, long token) {
    Instant started = Instant.now();
    store.dequeued(delivery.queue(), job.jobId());
    CompileJobState state = store.state(job.jobId()).orElse(queued).running(workerId, started);
    if (state.cancelled()) {
      endWithoutRunning(job, state, token, started, CompileStatus.TERMINATED, List.of());
      return;
    }
    Optional<LogEntry> refusal = outcomes.refusal(job);
    if (refusal.isPresent()) {
      endWithoutRunning(job, state, token, started, CompileStatus.ERROR, List.of(refusal.get()));
      return;
    }
    store.saveState(state);
    String buildId = UUID.randomUUID().toString();

    long syncStart = System.nanoTime();
    // taken before the sync touches the workspace: from here until a run of this compile ends on
    // its own, the workspace claims nothing, so a crash in between means latexmk next time
    LastRun previous = LastRun.take(workspaces.workspaceRoot(job.projectId()));
    SyncReport sync = workspaces.sync(job.projectId(), job.manifest());
    Set<String> projectFiles =
        job.manifest().stream().map(ManifestEntry::path).collect(Collectors.toSet());
    DirectRun.Since since = auxState.restoreIfFresh(job, sync, projectFiles, previous);
    CompileOutputs.clearPrevious(sync.workspace().sources());
    long syncMs = (System.nanoTime() - syncStart) / 1_000_000;
    metrics.stage("sync", syncStart);

    Plan plan = formats.plan(job, sync.workspace());

    long compileStart = System.nanoTime();
    // one wall-clock budget for every attempt of this compile
    long deadline = compileStart + limits.timeout(job).toNanos();
    CompileAttempts.Compiled compiled;
    try {
      compiled =
          attempts.compile(
              new PreparedCompile(
                  job, sync.workspace(), projectFiles, since, deadline, () -> cancelled(job)),
              plan);
    } catch (IOException e) {
      LOG.error("The sandbox could not run job {}", job.jobId(), e);
      CompileResult failed =
          outcomes.withoutOutputs(
              job,
              CompileStatus.ERROR,
              buildId,
              List.of(CompileOutcomes.couldNotStart(e)),
              new CompileTimings(millis(job.requestedAt(), started), syncMs, 0, 0));
      finish(job, state, token, failed, false);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling " + job.jobId(), e);
    }
    long compileMs = (System.nanoTime() - compileStart) / 1_000_000;
    metrics.stage("sandbox", compileStart);
    CompileOutcomes.Outcome outcome = compiled.outcome();
    CompileStatus status = outcome.status();
    long storeStart = System.nanoTime();
    store.storeOutputs(job.projectId(), buildId, outcome.outputs().files());
    metrics.stage("store-outputs", storeStart);
    long totalMs = millis(job.requestedAt(), Instant.now());
    CompileResult result =
        outcomes.result(
            job,
            outcome,
            buildId,
            new CompileTimings(millis(job.requestedAt(), started), syncMs, compileMs, totalMs),
            compiled.preambleCached());
    boolean deterministic = CompileOutcomes.deterministic(status);
    long finishStart = System.nanoTime();
    finish(job, state, token, result, deterministic);
    metrics.stage("finish", finishStart);
    // after the result is out (it is not on the user's path) but before the lock is released, so
    // the next compile of the project, on any worker, finds the state of this one
    long auxStart = System.nanoTime();
    if (outcome.overQuota()) {
      discardWorkspace(job);
    } else {
      auxState.save(job, sync.workspace(), projectFiles, token);
    }
    metrics.stage("save-aux", auxStart);
    metrics.outcome(status);
    LOG.info(
        "Compiled project {} ({}): {} in {} ms (sync {} ms, fetched {}, deleted {}, preamble {})",
        job.projectId(),
        job.options().compiler().wireName(),
        status.wireName(),
        compileMs,
        syncMs,
        sync.fetched(),
        sync.deleted(),
        compiled.preambleCached()
            ? "cached"
            : compiled.fallback() ? "failed with its format, ran plain" : plan.reason());
    if (plan.build() && deterministic) {
      // after the result went out, still under the project's lock: nothing else writes the
      // workspace while the preamble is dumped
      dumps.build(job, sync.workspace(), plan, limits.forDump(job));
    }
  }

  /**
   * Frees the disk a compile filled: the next compile of the project starts from a new workspace.
   */
  private void discardWorkspace(CompileJob job) {
    try {
      workspaces.delete(job.projectId());
      LOG.info("Deleted the workspace of project {}: it outgrew its quota", job.projectId());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the over-quota workspace of project " + job.projectId(), e);
    }
  }

  private boolean cancelled(CompileJob job) {
    return store.state(job.jobId()).map(CompileJobState::cancelled).orElse(false);
  }

  /** Stores the result, unless a newer holder of the project's lock wrote, and announces it. */
  private void finish(
      CompileJob job, CompileJobState state, long token, CompileResult result, boolean cacheable) {
    if (!store.completeFenced(job.projectId(), token, state.done(result), cacheable)) {
      throw new IllegalStateException(
          "a newer holder of project "
              + job.projectId()
              + " wrote first; job "
              + job.jobId()
              + " runs again");
    }
    publisher.publishEvent(
        new CompileCompletedEvent(
            job.jobId(), job.projectId(), job.requestedBy(), job.requestedAt(), result));
  }

  /** Ends a job that never reached the sandbox: its result has no outputs and is not cached. */
  private void endWithoutRunning(
      CompileJob job,
      CompileJobState state,
      long token,
      Instant started,
      CompileStatus status,
      List<LogEntry> errors) {
    CompileTimings timings = new CompileTimings(millis(job.requestedAt(), started), 0, 0, 0);
    finish(job, state, token, outcomes.withoutOutputs(job, status, null, errors, timings), false);
  }

  private static long millis(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis());
  }
}
