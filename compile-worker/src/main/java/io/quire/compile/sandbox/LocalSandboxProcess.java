package io.quire.compile.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandboxed command run as a child process of the worker (bubblewrap or unsafe). Enforces the
 * wall-clock timeout in {@link #await()}, drains the output in a thread of its own so the child
 * never blocks on a full pipe, and runs a clean-up action exactly once when the child is gone,
 * whether or not anybody awaits it. A run that is timed out or stopped is interrupted before it is
 * killed, so that TeX still writes out its log.
 */
final class LocalSandboxProcess implements SandboxProcess {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSandboxProcess.class);

  /** How long the process may take to exit after its children were killed. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  /** How long an interrupted run may take to write its log and exit before it is killed. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

  /**
   * Run first (coreutils {@code env}): a worker started in the background by a non-interactive
   * shell ({@code nohup ... &}, as launchers and CI do) inherits SIGINT ignored, and an ignored
   * signal stays ignored across exec, so TeX would never see the interrupt that makes it write its
   * log before a timeout's kill.
   */
  static final List<String> DEFAULT_SIGINT = List.of("/usr/bin/env", "--default-signal=INT");

  /**
   * Output still in the pipe after the exit; a grandchild that escaped the kill (possible only
   * without a pid namespace) could keep the pipe open for ever, so this is bounded.
   */
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

  private final Process process;
  private final Duration timeout;
  private final long startNanos;
  private final OutputBuffer output;
  private final Thread reader;
  private final Runnable cleanup;
  private final AtomicBoolean cleanupClaimed = new AtomicBoolean();
  private final CompletableFuture<Void> cleanupDone = new CompletableFuture<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private SandboxResult result;

  private LocalSandboxProcess(
      Process process, long startNanos, Duration timeout, long maxOutputBytes, Runnable cleanup) {
    this.process = process;
    this.startNanos = startNanos;
    this.timeout = timeout;
    this.output = new OutputBuffer(maxOutputBytes);
    this.cleanup = cleanup;
    this.reader = new Thread(this::drain, "sandbox-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    // a thread of its own: the clean-up may wait a moment for the namespace to die
    process
        .onExit()
        .thenRunAsync(
            this::cleanUpOnce,
            task -> {
              Thread thread = new Thread(task, "sandbox-cleanup-" + process.pid());
              thread.setDaemon(true);
              thread.start();
            });
  }

  /**
   * Starts {@code builder} with stdin from /dev/null and stderr merged into stdout; {@code cleanup}
   * runs once the process has exited.
   */
  static LocalSandboxProcess start(
      ProcessBuilder builder, Duration timeout, long maxOutputBytes, Runnable cleanup)
      throws IOException {
    builder.redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    List<String> argv = new ArrayList<>(DEFAULT_SIGINT);
    argv.addAll(builder.command());
    builder.command(argv);
    long startNanos = System.nanoTime();
    Process process = builder.start();
    return new LocalSandboxProcess(process, startNanos, timeout, maxOutputBytes, cleanup);
  }

  @Override
  public synchronized SandboxResult await() throws InterruptedException {
    if (result != null) {
      return result;
    }
    boolean timedOut = false;
    try {
      long remaining = timeout.toNanos() - (System.nanoTime() - startNanos);
      if (!process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
        timedOut = !stopped.get();
        killTree();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      reader.join(OUTPUT_DRAIN.toMillis());
      cleanUpOnce();
      boolean killed = timedOut || stopped.get();
      result =
          new SandboxResult(
              killed ? -1 : process.exitValue(),
              timedOut,
              stopped.get() && !timedOut,
              output.text(),
              output.truncated(),
              elapsed);
      return result;
    } catch (InterruptedException e) {
      // nobody will wait for this compile any more: do not leave it running
      killTree();
      throw e;
    }
  }

  @Override
  public void stop() {
    if (process.isAlive() && stopped.compareAndSet(false, true)) {
      LOG.info("stopping sandboxed process {}", process.pid());
      killTree();
    }
  }

  /**
   * Interrupts the run, then kills what is left of it. Children first: for bubblewrap the child is
   * the init of the compile's pid namespace, and its death kills every process in the namespace;
   * bwrap then reaps it and exits by itself, so no orphaned zombie is left behind. The process
   * itself is killed after a short grace.
   */
  private void killTree() {
    // what the interrupt left (or a process that ignored it) is killed below either way
    interruptInnermost();
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          LOG.error("sandboxed process {} survived SIGKILL", process.pid());
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends SIGINT to the innermost processes of the tree (those without children: the TeX engine
   * that latexmk waits for), as Ctrl-C would. TeX buffers its log and loses the buffer when it is
   * killed, so a timed-out compile would keep an empty log; interrupted, it reports where it was
   * and closes the log. Its parents are left alone, since their exit would take down the pid
   * namespace, engine included, before the log is written; latexmk gives up after an engine's fatal
   * error. Waits up to {@link #INTERRUPT_GRACE} for the run to end; the kill follows either way.
   */
  private void interruptInnermost() {
    List<String> pids =
        process
            .descendants()
            .filter(p -> p.children().findAny().isEmpty())
            .map(p -> Long.toString(p.pid()))
            .toList();
    if (pids.isEmpty()) {
      return;
    }
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "kill -INT \"$@\"", "kill"));
    argv.addAll(pids);
    try {
      Process kill = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = kill.waitFor();
      // a process that ended meanwhile makes kill fail for its pid: not worth a warning
      if (status != 0 && !output.lines().allMatch(line -> line.contains("No such process"))) {
        LOG.warn(
            "interrupting sandboxed process(es) {} failed ({}): {}", pids, status, output.strip());
      }
      process.waitFor(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      LOG.warn("cannot interrupt sandboxed process(es) {}; killing them", pids, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    byte[] buffer = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        output.append(buffer, 0, n);
      }
    } catch (IOException e) {
      LOG.debug("output of sandboxed process {} ended early", process.pid(), e);
    }
  }

  /** Runs the clean-up once; a second caller waits until the first one has finished it. */
  private void cleanUpOnce() {
    if (cleanupClaimed.compareAndSet(false, true)) {
      try {
        cleanup.run();
      } catch (RuntimeException e) {
        LOG.error("clean-up after sandboxed process {} failed", process.pid(), e);
      } finally {
        cleanupDone.complete(null);
      }
    } else {
      cleanupDone.join();
    }
  }
}
