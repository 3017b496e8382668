package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The sandboxes the hostile-document suites run against. Bubblewrap always (the host's TeX Live);
 * Docker where an engine answers and has the TeX image ({@code ./quire test} builds it), otherwise
 * its half of each suite is skipped with one line saying why.
 */
enum SandboxKind {
  BUBBLEWRAP,
  DOCKER;

  /** The worker name on the suites' containers. */
  static final String WORKER = "sandbox-it";

  /** The TeX image the Docker half runs; {@code -Dquire.test.tex-image} overrides it. */
  static final String TEX_IMAGE = System.getProperty("quire.test.tex-image", "quire/texlive:2024");

  /** A sandbox of this kind; for Docker, skips the caller's tests when it cannot run here. */
  SandboxRunner open(SandboxSettings bubblewrapSettings) {
    if (this == BUBBLEWRAP) {
      return new BubblewrapSandbox(
          bubblewrapSettings.bubblewrap(), bubblewrapSettings.defaultLimits());
    }
    DockerSandbox docker;
    try {
      docker = DockerSandbox.connect(dockerSettings(), WORKER);
    } catch (SandboxUnavailableException e) {
      Assumptions.abort("Docker sandbox not tested here: " + e.getMessage());
      throw e;
    }
    Optional<String> why = docker.unavailableReason();
    if (why.isPresent()) {
      close(docker);
      Assumptions.abort("Docker sandbox not tested here: " + why.get());
    }
    return docker;
  }

  static SandboxSettings.Docker dockerSettings() {
    SandboxSettings.Docker d = SandboxSettings.Docker.defaults();
    return new SandboxSettings.Docker(
        null,
        List.of(TEX_IMAGE),
        d.user(),
        null,
        null,
        d.tmpBytes(),
        d.userProcessLimit(),
        Duration.ofSeconds(10));
  }

  /**
   * Command lines of the processes a sandbox of this kind runs now: the slot uids' for bubblewrap,
   * those inside Quire's compile containers for Docker.
   */
  List<String> processes(SandboxRunner sandbox, SandboxSettings bubblewrapSettings) {
    if (this == BUBBLEWRAP) {
      return SandboxHarness.processesOfSlotUids(bubblewrapSettings.bubblewrap());
    }
    List<String> all = new ArrayList<>();
    for (Container container : containers(sandbox)) {
      try {
        TopContainerResponse top =
            ((DockerSandbox) sandbox).client().topContainerCmd(container.getId()).exec();
        for (String[] row : top.getProcesses()) {
          all.add(row[row.length - 1]);
        }
      } catch (RuntimeException e) {
        // the container ended between the listing and the question
      }
    }
    return all;
  }

  /** Nothing of a run is left: no slot uid process (bubblewrap), no container (Docker). */
  void assertNothingLeft(SandboxRunner sandbox, SandboxSettings bubblewrapSettings) {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              if (this == BUBBLEWRAP) {
                assertThat(SandboxHarness.processesOfSlotUids(bubblewrapSettings.bubblewrap()))
                    .isEmpty();
              } else {
                assertThat(containers(sandbox)).isEmpty();
              }
            });
  }

  private static List<Container> containers(SandboxRunner sandbox) {
    return ((DockerSandbox) sandbox)
        .client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(
            java.util.Map.of(
                "io.quire.sandbox", "compile", DockerContainerSpec.WORKER_LABEL, WORKER))
        .exec();
  }

  static void close(SandboxRunner sandbox) {
    if (sandbox instanceof DockerSandbox docker) {
      try {
        docker.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
