package io.quire.compile.sandbox;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the configured mode into a working sandbox, or refuses: a worker with no sandbox must not
 * start (SECURITY.md row 26), unless an admin explicitly chose {@code unsafe}.
 */
public final class SandboxSelector {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxSelector.class);

  private final SandboxSettings.Mode mode;
  private final Supplier<SandboxRunner> docker;
  private final Supplier<SandboxRunner> bubblewrap;
  private final Supplier<SandboxRunner> unsafe;

  /**
   * @param docker connects to Docker or throws {@link SandboxUnavailableException}
   * @param bubblewrap probes bubblewrap or throws {@link SandboxUnavailableException}
   */
  SandboxSelector(
      SandboxSettings.Mode mode,
      Supplier<SandboxRunner> docker,
      Supplier<SandboxRunner> bubblewrap,
      Supplier<SandboxRunner> unsafe) {
    this.mode = mode;
    this.docker = docker;
    this.bubblewrap = bubblewrap;
    this.unsafe = unsafe;
  }

  /**
   * The sandbox the settings ask for.
   *
   * @throws SandboxUnavailableException when it cannot run here (for {@code auto}: neither can)
   */
  public static SandboxRunner select(SandboxSettings settings) {
    return select(settings, "compile-worker");
  }

  /**
   * The sandbox the settings ask for, for the worker {@code instance} (its Docker containers carry
   * that name).
   *
   * @throws SandboxUnavailableException when it cannot run here (for {@code auto}: neither can)
   */
  public static SandboxRunner select(SandboxSettings settings, String instance) {
    return new SandboxSelector(
            settings.mode(),
            () -> DockerSandbox.connect(settings.docker(), instance),
            () -> new BubblewrapSandbox(settings.bubblewrap(), settings.defaultLimits()),
            UnsafeLocalRunner::new)
        .select();
  }

  SandboxRunner select() {
    SandboxRunner runner =
        switch (mode) {
          case DOCKER -> docker.get();
          case BUBBLEWRAP -> bubblewrap.get();
          case UNSAFE -> unsafe.get();
          case AUTO -> auto();
        };
    LOG.info("compile sandbox: {} (mode {})", runner.name(), mode.name().toLowerCase(Locale.ROOT));
    if (mode == SandboxSettings.Mode.DOCKER) {
      // chosen explicitly: the worker starts, and its health check says what is missing
      runner
          .unavailableReason()
          .ifPresent(why -> LOG.warn("the Docker sandbox cannot compile yet: {}", why));
    }
    return runner;
  }

  /**
   * Docker when an engine answers and can run compiles now (its TeX image is there), else
   * bubblewrap; one log line says why Docker was passed over.
   */
  private SandboxRunner auto() {
    SandboxUnavailableException noDocker;
    try {
      SandboxRunner candidate = docker.get();
      Optional<String> why = candidate.unavailableReason();
      if (why.isEmpty()) {
        return candidate;
      }
      close(candidate);
      noDocker = new SandboxUnavailableException("Docker sandbox unusable: " + why.get());
    } catch (SandboxUnavailableException e) {
      noDocker = e;
    }
    LOG.info("sandbox auto: not Docker, trying bubblewrap: {}", noDocker.getMessage());
    try {
      return bubblewrap.get();
    } catch (SandboxUnavailableException e) {
      SandboxUnavailableException refusal =
          new SandboxUnavailableException(
              "no compile sandbox available, refusing to start. "
                  + noDocker.getMessage()
                  + ". "
                  + e.getMessage()
                  + ". Provide a Docker engine or bubblewrap; only if every document is trusted,"
                  + " set the sandbox mode to 'unsafe'.",
              e);
      refusal.addSuppressed(noDocker);
      throw refusal;
    }
  }

  private static void close(SandboxRunner runner) {
    if (runner instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        LOG.debug("closing the unused {} sandbox failed", runner.name(), e);
      } catch (Exception e) {
        LOG.debug("closing the unused {} sandbox failed", runner.name(), e);
      }
    }
  }
}
