package io.quire.system;

import io.quire.compile.sandbox.DockerSandbox;
import io.quire.compile.sandbox.SandboxSettings;
import io.quire.compile.sandbox.SandboxUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The sandbox a test's compile-worker uses, always named: bubblewrap unless a suite is
 * parameterised over Docker too. The Docker half runs where an engine answers and has the TeX image
 * ({@code ./quire test} builds it); elsewhere it is skipped with one line saying why.
 */
enum Sandboxes {
  BUBBLEWRAP,
  DOCKER;

  /** The TeX image Docker compiles run in; {@code -Dquire.test.tex-image} overrides it. */
  static final String TEX_IMAGE = System.getProperty("quire.test.tex-image", "quire/texlive:2024");

  /** The compile-worker properties choosing this sandbox. */
  Map<String, Object> workerProperties() {
    return this == BUBBLEWRAP
        ? Map.of("quire.compile.sandbox", "bubblewrap")
        : Map.of("quire.compile.sandbox", "docker", "quire.compile.docker-image", TEX_IMAGE);
  }

  /** Skips the calling tests when this sandbox cannot run here. */
  void assumeAvailable() {
    if (this == DOCKER) {
      unavailable().ifPresent(why -> Assumptions.abort("Docker sandbox not tested here: " + why));
    }
  }

  private static Optional<String> unavailable() {
    SandboxSettings.Docker d = SandboxSettings.Docker.defaults();
    SandboxSettings.Docker settings =
        new SandboxSettings.Docker(
            null,
            List.of(TEX_IMAGE),
            d.user(),
            null,
            null,
            d.tmpBytes(),
            d.userProcessLimit(),
            Duration.ofSeconds(10));
    try (DockerSandbox docker = DockerSandbox.connect(settings, "system-tests-probe")) {
      return docker.unavailableReason();
    } catch (SandboxUnavailableException e) {
      return Optional.of(e.getMessage());
    } catch (java.io.IOException e) {
      return Optional.of(e.toString());
    }
  }
}
