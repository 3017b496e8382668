package io.quire.web.compile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quire.common.compile.CompileJobState;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.CompileOptions;
import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.contract.StopCompileCommand;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.project.Project;
import io.quire.common.project.TexFileNames;
import io.quire.web.project.ProjectLimits;
import io.quire.web.system.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a compile request: from the cache when nothing changed, by joining a compile already in
 * flight for the same inputs, or by queueing a new job (which supersedes the user's older queued
 * one for the project).
 */
class CompileService {
  private static final Logger LOG = LoggerFactory.getLogger(CompileService.class);

  private final ManifestBuilder manifests;
  private final CompileStore store;
  private final MessagePublisher publisher;
  private final QueueTopology topology;
  private final WebCompileProperties properties;
  private final ProjectLimits limits;
  private final MeterRegistry meters;

  private final TexImages images;

  CompileService(
      ManifestBuilder manifests,
      CompileStore store,
      MessagePublisher publisher,
      QueueTopology topology,
      WebCompileProperties properties,
      ProjectLimits limits,
      MeterRegistry meters,
      TexImages images) {
    this.images = images;
    this.manifests = manifests;
    this.store = store;
    this.publisher = publisher;
    this.topology = topology;
    this.properties = properties;
    this.limits = limits;
    this.meters = meters;
  }

  /** The outcome of a request: the job that answers it and whether the answer is the cache. */
  record Submitted(
      String jobId, CompileJobState state, boolean cached, CompileResult cachedResult) {}

  Submitted submit(Project project, String userId, CompileRequest request) {
    CompileOptions options = options(project, request);
    CompilePriority priority = priority(request.priority());
    long manifestStart = System.nanoTime();
    List<ManifestEntry> manifest = manifests.build(project);
    stage("manifest", manifestStart);
    checkLimits(manifest);
    if (manifest.stream().noneMatch(e -> e.path().equals(options.rootPath()))) {
      throw ApiException.badRequest("The root document " + options.rootPath() + " does not exist.");
    }
    String texImage = images.of(project);
    String cacheKey = ManifestBuilder.cacheKey(manifest, options, texImage);
    long lookupStart = System.nanoTime();

    Optional<CompileResult> cached = store.cachedResult(cacheKey);
    if (cached.isPresent() && store.hasOutputs(project.id(), cached.get().buildId())) {
      meters.counter("quire.compile.cache.hits").increment();
      return new Submitted(UUID.randomUUID().toString(), null, true, cached.get());
    }
    if (cached.isPresent()) {
      store.evictResult(cacheKey);
    }
    meters.counter("quire.compile.cache.misses").increment();

    String jobId = UUID.randomUUID().toString();
    Duration inflightTtl = Duration.ofSeconds(options.timeoutSeconds()).plusMinutes(10);
    Optional<String> running = store.claimInflight(cacheKey, jobId, inflightTtl);
    if (running.isPresent()) {
      Optional<CompileJobState> joined = store.state(running.get());
      if (joined.isPresent() && joined.get().supersededBy() == null && !joined.get().cancelled()) {
        LOG.debug("Compile {} joins {} for the same inputs", jobId, running.get());
        return new Submitted(running.get(), joined.get(), false, null);
      }
      store.releaseInflight(cacheKey, running.get());
      store.claimInflight(cacheKey, jobId, inflightTtl);
    }

    stage("lookup", lookupStart);
    long queueStart = System.nanoTime();
    Instant now = Instant.now();
    CompileJobState state =
        CompileJobState.queued(jobId, project.id(), userId, priority, cacheKey, now);
    store.saveState(state);
    store.markLatest(project.id(), userId, jobId);
    JobQueue queue =
        priority == CompilePriority.INTERACTIVE
            ? JobQueue.COMPILE_INTERACTIVE
            : JobQueue.COMPILE_BACKGROUND;
    store.enqueued(topology.queue(queue), jobId, now);
    try {
      publisher.publishJob(
          queue,
          new CompileJob(
              jobId, project.id(), userId, now, priority, cacheKey, texImage, options, manifest));
    } catch (RuntimeException e) {
      store.dequeued(topology.queue(queue), jobId);
      store.releaseInflight(cacheKey, jobId);
      throw e;
    }
    stage("queue", queueStart);
    return new Submitted(jobId, state, false, null);
  }

  /** Records how long one stage of a compile request took in web. */
  private void stage(String name, long startedNanos) {
    Timer.builder("quire.compile.submit.stage")
        .description("Time web spends in each stage of answering a compile request")
        .tag("stage", name)
        .publishPercentileHistogram()
        .register(meters)
        .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }

  Optional<Integer> queuePosition(CompileJobState state) {
    JobQueue queue =
        state.priority() == CompilePriority.INTERACTIVE
            ? JobQueue.COMPILE_INTERACTIVE
            : JobQueue.COMPILE_BACKGROUND;
    return store.position(topology.queue(queue), state.jobId());
  }

  /**
   * Stops a compile of the project: a queued one is cancelled before it runs, a running one is
   * killed by whichever worker runs it. Without a {@code targetJobId}, the caller's latest compile;
   * when they have none, whichever compile of the project runs, but only for someone who may stop
   * the others' compiles.
   *
   * @param mayStopOthers the owner and writers may stop anyone's compile of the project (they can
   *     change what it compiles anyway); a read-only member only their own
   */
  void stop(Project project, String userId, boolean mayStopOthers, String targetJobId) {
    Optional<CompileJobState> target;
    if (targetJobId != null) {
      target =
          Optional.of(
              store
                  .state(targetJobId)
                  .filter(s -> s.projectId().equals(project.id()))
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              "There is no compile "
                                  + targetJobId
                                  + " of this project (or it expired).")));
      if (!mayStopOthers && !userId.equals(target.get().requestedBy())) {
        throw ApiException.forbidden(
            "You have read-only access to this project: you can stop only your own compiles.");
      }
    } else {
      target = store.latest(project.id(), userId).flatMap(store::state);
      if (!mayStopOthers && target.isEmpty()) {
        return; // nothing of theirs to stop; never "whatever runs"
      }
    }
    target.filter(s -> !s.isFinal()).ifPresent(s -> store.saveState(s.cancel()));
    publisher.broadcastControl(
        new StopCompileCommand(
            UUID.randomUUID().toString(),
            project.id(),
            userId,
            Instant.now(),
            target.map(CompileJobState::jobId).orElse(null)));
  }

  private CompileOptions options(Project project, CompileRequest request) {
    Compiler compiler = project.compiler();
    if (request.compiler() != null) {
      try {
        compiler = Compiler.fromWire(request.compiler());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "Unknown compiler '"
                + request.compiler()
                + "': use pdflatex, xelatex, lualatex or latex.");
      }
    }
    String root = request.rootPath() != null ? request.rootPath().strip() : project.rootPath();
    if (root == null || root.isBlank()) {
      throw ApiException.badRequest("The project has no root document; name one in rootPath.");
    }
    if (root.startsWith("/")) {
      root = root.substring(1);
    }
    if (!root.toLowerCase(Locale.ROOT).endsWith(".tex")) {
      throw ApiException.badRequest("The root document must be a .tex file, not " + root + ".");
    }
    String named = root;
    TexFileNames.rootProblem(root)
        .ifPresent(
            problem -> {
              throw ApiException.badRequest(
                  "The root document '"
                      + named
                      + "' cannot be compiled under its name: "
                      + problem
                      + ". Rename the file.");
            });
    long maxTimeout = properties.maxTimeout().toSeconds();
    int timeout =
        request.timeoutSeconds() != null
            ? request.timeoutSeconds()
            : (int) properties.defaultTimeout().toSeconds();
    if (timeout < 1 || timeout > maxTimeout) {
      throw ApiException.badRequest(
          "timeoutSeconds must be between 1 and " + maxTimeout + " (the administrator's limit).");
    }
    return new CompileOptions(
        compiler,
        root,
        Boolean.TRUE.equals(request.draft()),
        Boolean.TRUE.equals(request.stopOnFirstError()),
        timeout);
  }

  private static CompilePriority priority(String name) {
    if (name == null) {
      return CompilePriority.INTERACTIVE;
    }
    try {
      return CompilePriority.fromWire(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("priority must be interactive or background.");
    }
  }

  private void checkLimits(List<ManifestEntry> manifest) {
    if (manifest.size() > limits.maxFiles()) {
      throw ApiException.badRequest(
          "The project has "
              + manifest.size()
              + " files; compiles are limited to "
              + limits.maxFiles()
              + ".");
    }
    long bytes = manifest.stream().mapToLong(ManifestEntry::size).sum();
    if (bytes > limits.maxProjectSize().toBytes()) {
      throw ApiException.tooLarge(
          "The project is larger than the compile limit of "
              + ProjectLimits.describe(limits.maxProjectSize())
              + ".");
    }
  }
}
