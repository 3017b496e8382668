package io.quire.compile.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compile container: attached before it starts (so no output is lost), killed on timeout (after
 * an interrupt that lets TeX write out its log) or stop, and always removed once {@link #await()}
 * has its result.
 */
final class DockerSandboxProcess implements SandboxProcess {
  private static final Logger LOG = LoggerFactory.getLogger(DockerSandboxProcess.class);
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);
  private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(30);

  private final DockerClient docker;
  private final String containerId;
  private final OutputBuffer output;
  private final ResultCallback.Adapter<Frame> attach;

  /** How long a timed-out compile may take to write its log and end before it is killed. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

  /** How long starting the exec that sends the interrupt may take before the kill follows. */
  private static final Duration EXEC_LIMIT = Duration.ofSeconds(10);

  private final Duration timeout;
  private final long startNanos;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private SandboxResult result;

  private DockerSandboxProcess(
      DockerClient docker,
      String containerId,
      OutputBuffer output,
      ResultCallback.Adapter<Frame> attach,
      Duration timeout,
      long startNanos) {
    this.docker = docker;
    this.containerId = containerId;
    this.output = output;
    this.attach = attach;
    this.timeout = timeout;
    this.startNanos = startNanos;
  }

  static DockerSandboxProcess start(
      DockerClient docker, DockerContainerSpec spec, Duration timeout, long maxOutputBytes)
      throws IOException {
    String id;
    try {
      id = spec.applyTo(docker.createContainerCmd(spec.image())).exec().getId();
    } catch (NotFoundException e) {
      throw new IOException(
          "sandbox image " + spec.image() + " is not on the Docker host; build it first", e);
    } catch (DockerException e) {
      throw new IOException("could not create the sandbox container: " + e.getMessage(), e);
    }
    try {
      OutputBuffer output = new OutputBuffer(maxOutputBytes);
      ResultCallback.Adapter<Frame> attach =
          docker
              .attachContainerCmd(id)
              .withStdOut(true)
              .withStdErr(true)
              .withFollowStream(true)
              .exec(
                  new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                      byte[] payload = frame.getPayload();
                      if (payload != null) {
                        output.append(payload, 0, payload.length);
                      }
                    }
                  });
      if (!attach.awaitStarted(ATTACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("could not attach to sandbox container " + id);
      }
      long startNanos = System.nanoTime();
      docker.startContainerCmd(id).exec();
      return new DockerSandboxProcess(docker, id, output, attach, timeout, startNanos);
    } catch (IOException | RuntimeException e) {
      remove(docker, id);
      throw e instanceof IOException io
          ? io
          : new IOException("could not start the sandbox container: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      remove(docker, id);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the sandbox container", e);
    }
  }

  @Override
  public synchronized SandboxResult await() throws InterruptedException {
    if (result != null) {
      return result;
    }
    WaitContainerResultCallback wait = new WaitContainerResultCallback();
    try {
      docker.waitContainerCmd(containerId).exec(wait);
      long remaining = timeout.toNanos() - (System.nanoTime() - startNanos);
      boolean exited = wait.awaitCompletion(Math.max(0, remaining), TimeUnit.NANOSECONDS);
      boolean timedOut = !exited && !stopped.get();
      Integer status = null;
      if (exited) {
        status = statusOf(wait);
      } else {
        if (timedOut) {
          interrupt(wait);
        }
        kill();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      attach.awaitCompletion(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
      boolean killed = timedOut || stopped.get() || status == null;
      result =
          new SandboxResult(
              killed ? -1 : status,
              timedOut,
              stopped.get() && !timedOut,
              output.text(),
              output.truncated(),
              elapsed);
      return result;
    } finally {
      closeQuietly(wait);
      closeQuietly(attach);
      remove(docker, containerId);
    }
  }

  @Override
  public void stop() {
    if (stopped.compareAndSet(false, true)) {
      LOG.info("stopping sandbox container {}", containerId);
      kill();
    }
  }

  private Integer statusOf(WaitContainerResultCallback wait) {
    try {
      return wait.awaitStatusCode(1, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      // killed by stop(), removed, or the engine connection failed: reported as killed
      LOG.warn("no exit status for sandbox container {}", containerId, e);
      return null;
    }
  }

  /**
   * Signals every process in the container but the init (pid 1), the command it runs (latexmk,
   * whose parent is the init) and this shell itself: TeX and the tools latexmk started get SIGINT,
   * while latexmk lives on to let them finish writing (were it to exit first, the container would
   * stop and take TeX with it).
   */
  private static final String INTERRUPT_ALL_BUT_THE_COMMAND =
      "for d in /proc/[0-9]*; do p=${d#/proc/};"
          + " if [ \"$p\" -eq 1 ] || [ \"$p\" -eq $$ ]; then continue; fi;"
          + " read -r _ _ _ pp _ < \"$d/stat\" 2>/dev/null || continue;"
          + " [ \"$pp\" -eq 1 ] || kill -INT \"$p\" 2>/dev/null; done; true";

  /**
   * Sends SIGINT to the processes of the compile below its command, as Ctrl-C would, and gives them
   * {@link #INTERRUPT_GRACE} to end: TeX then reports where it was and writes out its log, which a
   * kill alone would lose. Best effort: when it fails, the kill follows at once.
   */
  private void interrupt(WaitContainerResultCallback wait) throws InterruptedException {
    try {
      String exec =
          docker
              .execCreateCmd(containerId)
              .withCmd("sh", "-c", INTERRUPT_ALL_BUT_THE_COMMAND)
              .withAttachStdout(false)
              .withAttachStderr(false)
              .exec()
              .getId();
      // the grace starts once the signals are out: on a busy engine starting an exec takes a while
      if (!docker
          .execStartCmd(exec)
          .exec(new ResultCallback.Adapter<Frame>())
          .awaitCompletion(EXEC_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "interrupting sandbox container {} took over {}; killing it", containerId, EXEC_LIMIT);
        return;
      }
      awaitStop(wait, INTERRUPT_GRACE);
    } catch (NotFoundException | ConflictException e) {
      // already gone or no longer running
    } catch (RuntimeException e) {
      LOG.warn("could not interrupt sandbox container {}; killing it", containerId, e);
    }
  }

  /**
   * Waits until the container has stopped, at most {@code grace}. Asks the engine as well as the
   * wait callback: a wait whose stream already ended would otherwise end the grace at once.
   */
  private void awaitStop(WaitContainerResultCallback wait, Duration grace)
      throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline) {
      wait.awaitCompletion(100, TimeUnit.MILLISECONDS);
      if (!running()) {
        return;
      }
    }
  }

  private boolean running() {
    Boolean running = docker.inspectContainerCmd(containerId).exec().getState().getRunning();
    return Boolean.TRUE.equals(running);
  }

  private void kill() {
    try {
      docker.killContainerCmd(containerId).exec();
    } catch (NotFoundException | ConflictException e) {
      // already gone or no longer running
    } catch (RuntimeException e) {
      LOG.warn("could not kill sandbox container {}", containerId, e);
    }
  }

  static void remove(DockerClient docker, String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already removed
    } catch (RuntimeException e) {
      LOG.error("could not remove sandbox container {}; remove it by hand", id, e);
    }
  }

  private static void closeQuietly(Closeable callback) {
    try {
      callback.close();
    } catch (IOException e) {
      LOG.debug("closing a stream from the Docker engine failed", e);
    }
  }
}
