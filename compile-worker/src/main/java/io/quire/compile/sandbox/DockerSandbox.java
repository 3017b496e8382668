package io.quire.compile.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each command in a short-lived container of an allow-listed image: no network, no
 * capabilities, no privilege gain, non-root, read-only root with a small noexec /tmp, memory (no
 * swap), PIDs and CPU limits, only the workspace mounted. See {@link DockerContainerSpec}.
 */
public final class DockerSandbox implements SandboxRunner, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);

  private final DockerClient docker;
  private final SandboxSettings.Docker settings;

  /** Uses {@code docker} (which this sandbox then owns and closes). */
  public DockerSandbox(DockerClient docker, SandboxSettings.Docker settings) {
    this.docker = docker;
    this.settings = settings;
  }

  /**
   * Connects to the configured engine and pings it.
   *
   * @throws SandboxUnavailableException when no engine answers in time
   */
  public static DockerSandbox connect(SandboxSettings.Docker settings) {
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
    LOG.info(
        "Docker sandbox ready at {}, images {}",
        clientConfig.getDockerHost(),
        settings.allowedImages());
    return new DockerSandbox(client, settings);
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public SandboxProcess start(SandboxCommand command) throws IOException {
    DockerContainerSpec spec = DockerContainerSpec.of(command, settings);
    return DockerSandboxProcess.start(
        docker, spec, command.timeout(), command.limits().maxStdoutBytes());
  }

  @Override
  public void close() throws IOException {
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
