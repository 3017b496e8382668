package io.quire.compile.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each command in a short-lived container of an allow-listed image: no network, no
 * capabilities, no privilege gain, non-root, read-only root with a small noexec /tmp, memory (no
 * swap), PIDs and CPU limits, only the workspace mounted. See {@link DockerContainerSpec}.
 *
 * <p>The workspace is handed to the container's user before each run (the worker, when root,
 * changes its owner; a worker running as that user already owns it). Every container is labelled
 * with its worker and its deadline: a worker removes its own leftovers when it starts (after a
 * SIGKILL), and any worker removes containers whose deadline passed long ago (their worker is gone
 * for good).
 */
public final class DockerSandbox implements SandboxRunner, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);

  /** How long after its deadline a container counts as abandoned by its worker. */
  static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);

  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

  private final DockerClient docker;
  private final SandboxSettings.Docker settings;
  private final String instance;
  private final String engine;
  private final int workerUid;
  private final int containerUid;
  private final int containerGid;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "sandbox-container-sweeper");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Uses {@code docker} (which this sandbox then owns and closes).
   *
   * @param instance this worker's instance id, put on every container it starts
   */
  public DockerSandbox(DockerClient docker, SandboxSettings.Docker settings, String instance) {
    this(docker, settings, instance, "the Docker engine");
  }

  private DockerSandbox(
      DockerClient docker, SandboxSettings.Docker settings, String instance, String engine) {
    this.docker = docker;
    this.settings = settings;
    this.instance = instance;
    this.engine = engine;
    String[] user = settings.user().split(":");
    this.containerUid = Integer.parseInt(user[0]);
    this.containerGid = Integer.parseInt(user[1]);
    int uid;
    try {
      uid = WorkspaceOwnership.processUid();
    } catch (IOException | RuntimeException e) {
      uid = -1;
    }
    this.workerUid = uid;
    removeContainersOf(instance);
    sweeper.scheduleWithFixedDelay(
        this::removeAbandoned,
        SWEEP_INTERVAL.toSeconds(),
        SWEEP_INTERVAL.toSeconds(),
        TimeUnit.SECONDS);
  }

  /**
   * Connects to the configured engine and pings it.
   *
   * @throws SandboxUnavailableException when no engine answers in time
   */
  public static DockerSandbox connect(SandboxSettings.Docker settings) {
    return connect(settings, "compile-worker");
  }

  /**
   * Connects to the configured engine, pings it and removes what an earlier run of {@code instance}
   * left behind.
   *
   * @throws SandboxUnavailableException when no engine answers in time
   */
  public static DockerSandbox connect(SandboxSettings.Docker settings, String instance) {
    DefaultDockerClientConfig.Builder config =
        DefaultDockerClientConfig.createDefaultConfigBuilder();
    if (settings.host() != null) {
      config.withDockerHost(settings.host());
    }
    DockerClientConfig clientConfig = config.build();
    // no response timeout: waiting for a compile container is a long-running request
    DockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(clientConfig.getDockerHost())
            .sslConfig(clientConfig.getSSLConfig())
            .connectionTimeout(settings.pingTimeout())
            .maxConnections(64)
            .build();
    DockerClient client = DockerClientImpl.getInstance(clientConfig, http);
    try {
      CompletableFuture.runAsync(() -> client.pingCmd().exec())
          .get(settings.pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(client);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new SandboxUnavailableException(
          "Docker sandbox unavailable: no engine answered at "
              + clientConfig.getDockerHost()
              + " ("
              + cause
              + ")",
          cause);
    } catch (InterruptedException e) {
      closeQuietly(client);
      Thread.currentThread().interrupt();
      throw new SandboxUnavailableException("interrupted while pinging Docker", e);
    }
    DockerSandbox sandbox =
        new DockerSandbox(client, settings, instance, clientConfig.getDockerHost().toString());
    LOG.info("Docker engine at {} answers; images {}", sandbox.engine, settings.allowedImages());
    return sandbox;
  }

  @Override
  public String name() {
    return "docker";
  }

  /**
   * Why compiles cannot run now: the engine does not answer, an allowed image is missing, or the
   * worker cannot hand workspaces to the container's user. Empty when they can.
   */
  @Override
  public Optional<String> unavailableReason() {
    List<String> missing = new ArrayList<>();
    try {
      CompletableFuture.runAsync(
              () -> {
                for (String image : settings.allowedImages()) {
                  try {
                    docker.inspectImageCmd(image).exec();
                  } catch (NotFoundException e) {
                    missing.add(image);
                  }
                }
              })
          .get(settings.pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      return Optional.of("the Docker engine at " + engine + " does not answer (" + cause + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while asking the Docker engine for its images");
    }
    if (!missing.isEmpty()) {
      return Optional.of(
          "the TeX image "
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not on the Docker engine at "
              + engine
              + "; build it with `./quire images texlive` (or `docker compose build texlive`)");
    }
    if (workerUid != 0 && workerUid != containerUid) {
      return Optional.of(
          "compiles run as "
              + settings.user()
              + " but this worker runs as uid "
              + workerUid
              + " and cannot give them its workspaces: run the worker as root or as uid "
              + containerUid
              + ", or set QUIRE_COMPILE_DOCKER_USER to "
              + workerUid
              + ":<gid>");
    }
    return Optional.empty();
  }

  @Override
  public SandboxProcess start(SandboxCommand command) throws IOException {
    DockerContainerSpec spec =
        DockerContainerSpec.of(command, settings, instance, Instant.now().plus(command.timeout()));
    handOver(command.workspace());
    return DockerSandboxProcess.start(
        docker, spec, command.timeout(), command.limits().maxStdoutBytes());
  }

  /**
   * The container's user must own the workspace, or TeX cannot write its outputs: a root worker
   * (./quire up) changes the owner, one running as that user (compose) owns it already.
   */
  private void handOver(Path workspace) throws IOException {
    if (workerUid == 0) {
      WorkspaceOwnership.handTo(workspace, containerUid, containerGid);
      return;
    }
    int owner = WorkspaceOwnership.ownerUid(workspace);
    if (owner != containerUid) {
      throw new IOException(
          "the sandbox cannot write workspace "
              + workspace
              + ": it belongs to uid "
              + owner
              + ", compiles run as "
              + settings.user()
              + ", and this worker (uid "
              + workerUid
              + ") cannot change that; run the worker as root or as uid "
              + containerUid);
    }
  }

  /** Removes every container an earlier run of {@code owner} left (killed mid-compile). */
  private void removeContainersOf(String owner) {
    try {
      for (Container container : labelled(Map.of(DockerContainerSpec.WORKER_LABEL, owner))) {
        LOG.warn(
            "Removing sandbox container {} left behind by an earlier run of {}",
            container.getId(),
            owner);
        DockerSandboxProcess.remove(docker, container.getId());
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not look for sandbox containers left behind by {}", owner, e);
    }
  }

  /** Removes containers long past their deadline, whichever worker started them. */
  void removeAbandoned() {
    try {
      long now = Instant.now().getEpochSecond();
      for (Container container : labelled(DockerContainerSpec.LABELS)) {
        String deadline = container.getLabels().get(DockerContainerSpec.DEADLINE_LABEL);
        if (deadline != null
            && deadline.matches("[0-9]{1,12}")
            && Long.parseLong(deadline) + ABANDONED_AFTER.toSeconds() < now) {
          LOG.warn(
              "Removing sandbox container {} of {}: {} s past its deadline",
              container.getId(),
              container.getLabels().get(DockerContainerSpec.WORKER_LABEL),
              now - Long.parseLong(deadline));
          DockerSandboxProcess.remove(docker, container.getId());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not sweep abandoned sandbox containers", e);
    }
  }

  /** The engine's client, for tests that look at containers. */
  DockerClient client() {
    return docker;
  }

  private List<Container> labelled(Map<String, String> labels) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
  }

  @Override
  public void close() throws IOException {
    sweeper.shutdownNow();
    docker.close();
  }

  private static void closeQuietly(DockerClient client) {
    try {
      client.close();
    } catch (IOException e) {
      LOG.debug("closing the Docker client failed", e);
    }
  }
}
