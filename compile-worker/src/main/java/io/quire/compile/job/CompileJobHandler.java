package io.quire.compile.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quire.common.blob.Hashes;
import io.quire.common.compile.CompileJobState;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileCompletedEvent;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import io.quire.common.contract.CompileTimings;
import io.quire.common.contract.LogEntry;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.messaging.JobHandler;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.project.TexFileNames;
import io.quire.compile.logs.LogParser;
import io.quire.compile.logs.ParsedLog;
import io.quire.compile.preamble.PreambleCache;
import io.quire.compile.preamble.PreambleCache.Plan;
import io.quire.compile.sandbox.SandboxCommand;
import io.quire.compile.sandbox.SandboxLimits;
import io.quire.compile.sandbox.SandboxProcess;
import io.quire.compile.sandbox.SandboxResult;
import io.quire.compile.sandbox.SandboxRunner;
import io.quire.compile.workspace.AuxState;
import io.quire.compile.workspace.Workspace;
import io.quire.compile.workspace.WorkspaceSync;
import io.quire.compile.workspace.WorkspaceSync.SyncReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one compile job: skip it when superseded or cancelled, else lock the project (fenced), sync
 * its workspace, run latexmk in the sandbox (with the format of the preamble when one stands in for
 * it; see {@link PreambleCache}), store outputs and result, publish completion, then, still under
 * the lock, dump the preamble into a format when the cache asks for one.
 */
final class CompileJobHandler implements JobHandler<CompileJob> {
  private static final Logger LOG = LoggerFactory.getLogger(CompileJobHandler.class);

  /** Background compiles and preamble dumps run at this niceness, interactive compiles at 0. */
  static final int BACKGROUND_NICENESS = 10;

  private final CompileStore store;
  private final WorkspaceSync workspaces;
  private final SandboxRunner sandbox;
  private final RunningCompiles running;
  private final MessagePublisher publisher;
  private final RedissonClient redisson;
  private final CompileWorkerProperties properties;
  private final MeterRegistry meters;
  private final PreambleCache formats;
  private final WorkspaceQuota quota;
  private final String workerId;

  /** Sandboxed runs in progress on this worker (two never share a project: the project lock). */
  private final AtomicInteger sandboxedRuns = new AtomicInteger();

  CompileJobHandler(
      CompileStore store,
      WorkspaceSync workspaces,
      SandboxRunner sandbox,
      RunningCompiles running,
      MessagePublisher publisher,
      RedissonClient redisson,
      CompileWorkerProperties properties,
      MeterRegistry meters,
      PreambleCache formats,
      WorkspaceQuota quota,
      String workerId) {
    this.store = store;
    this.workspaces = workspaces;
    this.sandbox = sandbox;
    this.running = running;
    this.publisher = publisher;
    this.redisson = redisson;
    this.properties = properties;
    this.meters = meters;
    this.formats = formats;
    this.quota = quota;
    this.workerId = workerId;
    Gauge.builder("quire.compile.sandboxed.runs", sandboxedRuns, AtomicInteger::get)
        .description("Engine or latexmk runs in a sandbox on this worker now")
        .register(meters);
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
    stage("prepare", prepareStart);
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
    List<String> images = properties.allowedImages();
    if (!images.contains(job.texImage())) {
      // web offered an image this worker was not given: a configuration the admin must align
      endWithoutRunning(
          job,
          state,
          token,
          started,
          CompileStatus.ERROR,
          List.of(
              new LogEntry(
                  null,
                  null,
                  "This server's compile workers do not offer the TeX image '"
                      + job.texImage()
                      + "' (they offer "
                      + String.join(", ", images)
                      + "). An administrator must list it in QUIRE_COMPILE_DOCKER_IMAGES on"
                      + " the compile workers as on web, or the project must choose another.",
                  "system")));
      return;
    }
    Optional<String> badRoot = TexFileNames.rootProblem(job.options().rootPath());
    if (badRoot.isPresent()) {
      // web refuses such a root; a job from elsewhere (an older web) still never reaches latexmk
      endWithoutRunning(
          job,
          state,
          token,
          started,
          CompileStatus.ERROR,
          List.of(
              new LogEntry(
                  null,
                  null,
                  "The root document "
                      + job.options().rootPath()
                      + " cannot be compiled under this name: "
                      + badRoot.get()
                      + ". Rename it.",
                  "system")));
      return;
    }
    store.saveState(state);
    String buildId = UUID.randomUUID().toString();

    long syncStart = System.nanoTime();
    // taken before the sync touches the workspace: from here until a run of this compile ends on
    // its own, the workspace claims nothing, so a crash in between means latexmk next time
    DirectRun.LastRun previous = DirectRun.LastRun.take(workspaces.workspaceRoot(job.projectId()));
    SyncReport sync = workspaces.sync(job.projectId(), job.manifest());
    Set<String> projectFiles =
        job.manifest().stream().map(ManifestEntry::path).collect(Collectors.toSet());
    DirectRun.Since since = restoreIfFresh(job, sync, projectFiles, previous);
    CompileOutputs.clearPrevious(sync.workspace().sources());
    long syncMs = (System.nanoTime() - syncStart) / 1_000_000;
    stage("sync", syncStart);

    Plan plan = formats.plan(job, sync.workspace(), sandbox.name());

    long compileStart = System.nanoTime();
    // one wall-clock budget for every run of this compile
    long deadline = compileStart + timeout(job).toNanos();
    Run run;
    boolean preambleCached = plan.uses();
    boolean fallback = false;
    try {
      run =
          compileOnce(
              job, sync, projectFiles, since, preambleCached ? plan : null, false, deadline);
      if (preambleCached && run.status() == CompileStatus.FAILURE && !cancelled(job)) {
        // did the format break it? The plain compile decides, and its result is the one shown
        CompileOutputs.clearPrevious(sync.workspace().sources());
        run = compileOnce(job, sync, projectFiles, since, null, true, deadline);
        preambleCached = false;
        fallback = true;
        if (run.status() == CompileStatus.SUCCESS) {
          formats.formattedCompileFailed(job.projectId(), plan);
        }
      }
    } catch (IOException e) {
      LOG.error("The sandbox could not run job {}", job.jobId(), e);
      CompileResult failed =
          resultWithoutOutputs(
              job,
              CompileStatus.ERROR,
              buildId,
              List.of(
                  new LogEntry(
                      null, null, "The compile could not start: " + e.getMessage(), "system")),
              new CompileTimings(millis(job.requestedAt(), started), syncMs, 0, 0));
      finish(job, state, token, failed, false);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling " + job.jobId(), e);
    }
    long compileMs = (System.nanoTime() - compileStart) / 1_000_000;
    stage("sandbox", compileStart);
    CompileOutputs.Collected outputs = run.outputs();
    ParsedLog log = run.log();
    CompileStatus status = run.status();
    long storeStart = System.nanoTime();
    store.storeOutputs(job.projectId(), buildId, outputs.files());
    stage("store-outputs", storeStart);
    long totalMs = millis(job.requestedAt(), Instant.now());
    CompileResult result =
        new CompileResult(
            status,
            buildId,
            job.cacheKey(),
            outputs.describe(),
            log.errors(),
            log.warnings(),
            new CompileTimings(millis(job.requestedAt(), started), syncMs, compileMs, totalMs),
            workerId,
            preambleCached,
            Instant.now());
    boolean deterministic = status == CompileStatus.SUCCESS || status == CompileStatus.FAILURE;
    long finishStart = System.nanoTime();
    finish(job, state, token, result, deterministic);
    stage("finish", finishStart);
    // after the result is out (it is not on the user's path) but before the lock is released, so
    // the next compile of the project, on any worker, finds the state of this one
    long auxStart = System.nanoTime();
    if (run.overQuota()) {
      discardWorkspace(job);
    } else {
      saveAuxState(job, sync, projectFiles, token);
    }
    stage("save-aux", auxStart);
    meters.counter("quire.compile.outcome", "status", status.wireName()).increment();
    LOG.info(
        "Compiled project {} ({}): {} in {} ms (sync {} ms, fetched {}, deleted {}, preamble {})",
        job.projectId(),
        job.options().compiler().wireName(),
        status.wireName(),
        compileMs,
        syncMs,
        sync.fetched(),
        sync.deleted(),
        preambleCached ? "cached" : fallback ? "failed with its format, ran plain" : plan.reason());
    if (plan.build() && deterministic) {
      // after the result went out, still under the project's lock: nothing else writes the
      // workspace while the preamble is dumped
      formats.build(
          job,
          sync.workspace(),
          plan,
          sandbox,
          new PreambleCache.SandboxSpec(
              LatexmkCommand.environment(),
              // off the user's path: it yields the CPU to every compile someone waits for
              limits(timeout(job)).withNiceness(BACKGROUND_NICENESS),
              timeout(job),
              job.texImage()));
    }
  }

  /**
   * One compile's runs and what they left.
   *
   * @param overQuota the workspace outgrew its quota: what it holds is not worth keeping
   */
  private record Run(
      SandboxResult outcome,
      CompileOutputs.Collected outputs,
      ParsedLog log,
      CompileStatus status,
      boolean overQuota) {}

  private Run compileOnce(
      CompileJob job,
      SyncReport sync,
      Set<String> projectFiles,
      DirectRun.Since since,
      Plan format,
      boolean force,
      long deadline)
      throws IOException, InterruptedException {
    WorkspaceQuota.Watch watch =
        quota.watch(sync.workspace().sources(), () -> running.stop(job.projectId(), job.jobId()));
    SandboxResult outcome;
    try {
      outcome = runSandboxed(job, sync, projectFiles, since, format, force, deadline);
    } finally {
      watch.close();
    }
    long collectStart = System.nanoTime();
    CompileOutputs.Collected outputs =
        CompileOutputs.collect(
            sync.workspace().sources(), outcome.output(), properties.maxOutput().toBytes());
    ParsedLog log =
        LogParser.parse(
            outputs.files().get(CompileOutputs.LOG),
            outputs.files().get(CompileOutputs.BLG),
            SandboxCommand.WORKSPACE_MOUNT);
    if (watch.exceeded() != null) {
      List<LogEntry> errors = new ArrayList<>();
      errors.add(
          new LogEntry(
              null,
              null,
              String.format(
                  Locale.ROOT,
                  "The compile was stopped: it filled its workspace beyond the limit of %d MB"
                      + " or %d files. Look for a loop that writes files.",
                  quota.maxBytes() >> 20,
                  quota.maxEntries()),
              "system"));
      errors.addAll(log.errors());
      return new Run(
          outcome, outputs, new ParsedLog(errors, log.warnings()), CompileStatus.TOO_LARGE, true);
    }
    CompileStatus status = status(outcome, outputs, log);
    if (status == CompileStatus.FAILURE && log.errors().isEmpty()) {
      log = new ParsedLog(List.of(silentFailure(outcome, outputs)), log.warnings());
    }
    Run run = new Run(outcome, outputs, log, status, false);
    stage("collect", collectStart);
    return run;
  }

  /** Most characters of the compiler's own output quoted when its log names no error. */
  private static final int QUOTED_OUTPUT = 600;

  /**
   * A failed run whose log names no error (no log at all, e.g. when the sandbox could not write the
   * workspace) still says what happened: its exit code and the end of what it printed.
   */
  private static LogEntry silentFailure(SandboxResult outcome, CompileOutputs.Collected outputs) {
    String printed = outcome.output().strip();
    if (printed.length() > QUOTED_OUTPUT) {
      printed = "…" + printed.substring(printed.length() - QUOTED_OUTPUT);
    }
    boolean noLog = !outputs.files().containsKey(CompileOutputs.LOG);
    return new LogEntry(
        null,
        null,
        "The compiler ended with exit code "
            + outcome.exitCode()
            + (noLog ? " and wrote no log" : " without naming an error in its log")
            + (printed.isEmpty() ? "." : ". It printed: " + printed),
        "system");
  }

  /**
   * A workspace this worker never had starts from the aux state the last compile of the project
   * saved, on whichever worker; with its run record it is as warm as that worker's was.
   *
   * @param previous the last run this workspace recorded, if it was not fresh
   * @return the last run the workspace's generated files belong to, and what changed since
   */
  private DirectRun.Since restoreIfFresh(
      CompileJob job, SyncReport sync, Set<String> projectFiles, DirectRun.LastRun previous) {
    if (!sync.workspace().fresh()) {
      return new DirectRun.Since(previous, sync.changed());
    }
    Optional<byte[]> archive = store.auxState(job.projectId());
    if (archive.isEmpty()) {
      return new DirectRun.Since(null, sync.changed());
    }
    int restored = AuxState.restore(archive.get(), sync.workspace().sources(), projectFiles);
    LOG.info("Restored {} aux files of project {}", restored, job.projectId());
    DirectRun.RunRecord record =
        store.runRecord(job.projectId()).map(DirectRun.RunRecord::decode).orElse(null);
    if (record == null || !record.auxSha256().equals(Hashes.sha256(archive.get()))) {
      return new DirectRun.Since(null, sync.changed());
    }
    return new DirectRun.Since(record.lastRun(), record.changedFrom(manifestHashes(job)));
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

  /** The aux state and the run record of this compile, for a worker that never saw the project. */
  private void saveAuxState(CompileJob job, SyncReport sync, Set<String> projectFiles, long token) {
    try {
      AuxState.Packed packed = AuxState.packState(sync.workspace().sources(), projectFiles);
      byte[] archive = packed.archive();
      DirectRun.LastRun last = DirectRun.LastRun.read(sync.workspace().root());
      if (last == null || !packed.complete()) {
        // a worker restoring an archive that lacks files must let latexmk see what is missing
        last = new DirectRun.LastRun(last == null ? "" : last.options(), false, 0);
      }
      String record =
          new DirectRun.RunRecord(last, Hashes.sha256(archive), manifestHashes(job)).encode();
      if (!store.saveAuxStateFenced(job.projectId(), token, archive, record, properties.auxTtl())) {
        LOG.info(
            "A newer compile of project {} saved its state; the state of job {} is dropped",
            job.projectId(),
            job.jobId());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not save the aux state of project {}; a worker that never saw it starts cold: {}",
          job.projectId(),
          e.toString());
    }
  }

  private static Map<String, String> manifestHashes(CompileJob job) {
    return job.manifest().stream()
        .collect(Collectors.toMap(ManifestEntry::path, ManifestEntry::sha256));
  }

  private boolean cancelled(CompileJob job) {
    return store.state(job.jobId()).map(CompileJobState::cancelled).orElse(false);
  }

  private Duration timeout(CompileJob job) {
    Duration timeout = Duration.ofSeconds(job.options().timeoutSeconds());
    return timeout.compareTo(properties.maxTimeout()) > 0 ? properties.maxTimeout() : timeout;
  }

  private SandboxLimits limits(Duration timeout) {
    return new SandboxLimits(
        properties.memoryBytes(sandbox.name()),
        properties.maxProcesses(),
        properties.maxFileSize().toBytes(),
        timeout.plusSeconds(5),
        properties.maxStdout().toBytes(),
        properties.cpus());
  }

  /**
   * Runs the compile: the engine once when that is all latexmk would do (see {@link DirectRun}),
   * else latexmk, which also takes over when the single run turns out not to be enough.
   *
   * @param format the preamble format to load, or null
   * @param force latexmk with {@code -g} (after a failed run with a format): never the fast path
   * @param deadline when the compile's wall-clock budget ends ({@link System#nanoTime()})
   */
  private SandboxResult runSandboxed(
      CompileJob job,
      SyncReport sync,
      Set<String> projectFiles,
      DirectRun.Since since,
      Plan format,
      boolean force,
      long deadline)
      throws IOException, InterruptedException {
    Workspace workspace = sync.workspace();
    Path root = workspace.root();
    String signature = DirectRun.signature(job.options());
    DirectRun.LastRun last = since.last();
    // an earlier run of this same compile may have left one; this run decides anew
    Files.deleteIfExists(DirectRun.lastRunFile(root));
    List<String> latexmk =
        LatexmkCommand.argv(job.options(), format == null ? null : format.latexmkOverride(), force);

    Map<String, String> before = null;
    boolean first = false;
    if (!force && properties.directRuns()) {
      if (DirectRun.eligible(job.options(), since.changed(), projectFiles, last)) {
        before = DirectRun.generatedFiles(workspace.sources(), projectFiles);
      } else if (DirectRun.eligibleFirst(job.options(), last)
          && Map.of().equals(DirectRun.generatedFiles(workspace.sources(), projectFiles))
          && DirectRun.seedAux(workspace.sources(), projectFiles)) {
        // a workspace without generated files: latexmk would seed the aux file and run the
        // engine once, then stop unless that run changed a generated file
        first = true;
        before = DirectRun.generatedFiles(workspace.sources(), projectFiles);
      }
    }
    if (before != null) {
      Map<String, String> stamps = DirectRun.stamps(workspace.sources(), projectFiles);
      List<String> engine =
          DirectRun.argv(job.options(), format == null ? null : format.formatOption());
      SandboxResult direct = sandboxed(job, sync, engine, remaining(deadline));
      if (direct.stopped() || direct.timedOut()) {
        compilePath("direct");
        return direct;
      }
      Map<String, String> after = DirectRun.generatedFiles(workspace.sources(), projectFiles);
      // the run wrote no generated file differently and left every project file alone
      if (before.equals(after)
          && stamps.equals(DirectRun.stamps(workspace.sources(), projectFiles))) {
        new DirectRun.LastRun(signature, direct.exitCode() == 0, 0).write(root);
        compilePath("direct");
        return direct;
      }
      // latexmk continues from this state as from its own first run (no record of it needed):
      // it runs what that run calls for and nothing it already did
      SandboxResult full = sandboxed(job, sync, latexmk, remaining(deadline));
      // a first compile that needs more than one run says nothing of the edits to come
      recordLastRun(root, signature, full, first ? 0 : last.fallbacks() + 1);
      compilePath("direct-then-latexmk");
      return new SandboxResult(
          full.exitCode(),
          full.timedOut(),
          full.stopped(),
          direct.output() + full.output(),
          direct.outputTruncated() || full.outputTruncated(),
          direct.elapsed().plus(full.elapsed()));
    }
    if (!force && latexmkMustForce(last, signature, since.changed())) {
      latexmk =
          LatexmkCommand.argv(
              job.options(), format == null ? null : format.latexmkOverride(), true);
    }
    SandboxResult full = sandboxed(job, sync, latexmk, remaining(deadline));
    recordLastRun(root, signature, full, DirectRun.fallbacksAfterLatexmk(last));
    compilePath("latexmk");
    return full;
  }

  /**
   * Whether latexmk must run every rule once ({@code -g}) instead of deciding from its database,
   * which knows neither the options it passes on to the engine ({@code -halt-on-error}) nor a
   * reason to retry a run that failed on unchanged sources: it would answer "nothing to do" and
   * leave neither log nor PDF. A failed run followed by an edit needs no force (latexmk sees the
   * edit), so a document with errors does not rerun bibtex or biber on every compile.
   *
   * @param last the run the workspace's generated files belong to, or null
   * @param changed the project files written or deleted since that run
   */
  static boolean latexmkMustForce(DirectRun.LastRun last, String signature, Set<String> changed) {
    if (last == null) {
      return true;
    }
    if (!last.options().equals(signature)) {
      return true;
    }
    return !last.settled() && changed.isEmpty();
  }

  /** What is left of a compile's budget; at least a second, so a last run can still report. */
  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L));
  }

  private static void recordLastRun(Path root, String signature, SandboxResult run, int fallbacks) {
    if (!run.stopped() && !run.timedOut()) {
      new DirectRun.LastRun(signature, run.exitCode() == 0, fallbacks).write(root);
    }
  }

  private void compilePath(String path) {
    Counter.builder("quire.compile.path")
        .description("Compiles by how they ran: direct (one engine run), latexmk, or both")
        .tag("path", path)
        .register(meters)
        .increment();
  }

  private SandboxResult sandboxed(
      CompileJob job, SyncReport sync, List<String> argv, Duration timeout)
      throws IOException, InterruptedException {
    SandboxCommand command =
        new SandboxCommand(
            sync.workspace().sources(),
            argv,
            LatexmkCommand.environment(),
            timeout,
            job.priority() == CompilePriority.BACKGROUND
                ? limits(timeout).withNiceness(BACKGROUND_NICENESS)
                : limits(timeout),
            job.texImage());
    SandboxProcess process = sandbox.start(command);
    sandboxedRuns.incrementAndGet();
    try {
      return awaitSandboxed(job, process);
    } finally {
      sandboxedRuns.decrementAndGet();
    }
  }

  private SandboxResult awaitSandboxed(CompileJob job, SandboxProcess process)
      throws InterruptedException {
    try {
      running.started(job.projectId(), job.jobId(), process);
      // a stop that came while the compile was starting found nothing to stop here; web marks the
      // job cancelled before it broadcasts the stop, so one of the two always reaches the process
      if (cancelled(job)) {
        process.stop();
      }
    } catch (RuntimeException e) {
      // never leave a sandboxed run behind: the project's lock is released when this throws
      process.stop();
      process.await();
      throw e;
    }
    return process.await();
  }

  private static CompileStatus status(
      SandboxResult outcome, CompileOutputs.Collected outputs, ParsedLog log) {
    if (outcome.stopped()) {
      return CompileStatus.TERMINATED;
    }
    if (outcome.timedOut()) {
      return CompileStatus.TIMEDOUT;
    }
    if (outputs.tooLarge()) {
      return CompileStatus.TOO_LARGE;
    }
    boolean hasPdf = outputs.files().containsKey(CompileOutputs.PDF);
    if (outcome.exitCode() != 0 || !log.errors().isEmpty() || !hasPdf) {
      return CompileStatus.FAILURE;
    }
    return CompileStatus.SUCCESS;
  }

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

  /** The result of a compile that never ran TeX (stopped while queued, or the sandbox failed). */
  /** Ends a job that never reached the sandbox: its result has no outputs and is not cached. */
  private void endWithoutRunning(
      CompileJob job,
      CompileJobState state,
      long token,
      Instant started,
      CompileStatus status,
      List<LogEntry> errors) {
    CompileTimings timings = new CompileTimings(millis(job.requestedAt(), started), 0, 0, 0);
    finish(job, state, token, resultWithoutOutputs(job, status, null, errors, timings), false);
  }

  private CompileResult resultWithoutOutputs(
      CompileJob job,
      CompileStatus status,
      String buildId,
      List<LogEntry> errors,
      CompileTimings timings) {
    return new CompileResult(
        status,
        buildId,
        job.cacheKey(),
        List.of(),
        errors,
        List.of(),
        timings,
        workerId,
        false,
        Instant.now());
  }

  /** Records how long one stage of a compile took, as {@code quire.compile.stage{stage}}. */
  private void stage(String name, long startedNanos) {
    Timer.builder("quire.compile.stage")
        .description("Time a compile-worker spends in each stage of a compile")
        .tag("stage", name)
        .publishPercentileHistogram()
        .register(meters)
        .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }

  private static long millis(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis());
  }
}
