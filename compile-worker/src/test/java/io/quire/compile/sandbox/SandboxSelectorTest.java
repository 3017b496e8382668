package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SandboxSelectorTest {
  private final List<String> tried = new ArrayList<>();

  @Test
  void autoPrefersDockerWhenAnEngineAnswers() {
    SandboxRunner runner = selector(SandboxSettings.Mode.AUTO, works("docker"), works("bwrap"));

    assertThat(runner.name()).isEqualTo("docker");
    assertThat(tried).containsExactly("docker");
  }

  @Test
  void autoFallsBackToBubblewrapWithoutDocker() {
    SandboxRunner runner = selector(SandboxSettings.Mode.AUTO, fails("no engine"), works("bwrap"));

    assertThat(runner.name()).isEqualTo("bwrap");
    assertThat(tried).containsExactly("no engine", "bwrap");
  }

  @Test
  void autoPassesOverAnEngineWithoutItsTexImageAndClosesIt() {
    NamedRunner noImage =
        new NamedRunner("docker", "the TeX image quire/texlive:2024 is not on the Docker engine");
    SandboxRunner runner = selector(SandboxSettings.Mode.AUTO, gives(noImage), works("bwrap"));

    assertThat(runner.name()).isEqualTo("bwrap");
    assertThat(noImage.closed).isTrue();
  }

  @Test
  void autoRefusesNamingTheMissingImageWhenBubblewrapFailsToo() {
    NamedRunner noImage =
        new NamedRunner("docker", "the TeX image quire/texlive:2024 is not on the Docker engine");

    assertThatThrownBy(() -> selector(SandboxSettings.Mode.AUTO, gives(noImage), fails("no b")))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("quire/texlive:2024 is not on the Docker engine")
        .hasMessageContaining("no b");
  }

  @Test
  void dockerModeStartsWithoutItsImageSoTheHealthCheckCanSaySo() {
    NamedRunner noImage = new NamedRunner("docker", "the TeX image x is missing");

    SandboxRunner runner = selector(SandboxSettings.Mode.DOCKER, gives(noImage), works("bwrap"));

    assertThat(runner).isSameAs(noImage);
    assertThat(runner.unavailableReason()).hasValue("the TeX image x is missing");
  }

  @Test
  void givenNoSandboxAtAllTheWorkerRefusesToStartAndSaysWhy() {
    assertThatThrownBy(
            () -> selector(SandboxSettings.Mode.AUTO, fails("no engine"), fails("no bwrap")))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("refusing to start")
        .hasMessageContaining("no engine")
        .hasMessageContaining("no bwrap")
        .hasMessageContaining("unsafe");
    assertThat(tried).doesNotContain("unsafe");
  }

  @Test
  void anExplicitModeNeverFallsBack() {
    assertThatThrownBy(() -> selector(SandboxSettings.Mode.DOCKER, fails("no engine"), works("b")))
        .isInstanceOf(SandboxUnavailableException.class);
    assertThatThrownBy(() -> selector(SandboxSettings.Mode.BUBBLEWRAP, works("d"), fails("no b")))
        .isInstanceOf(SandboxUnavailableException.class);
    assertThat(tried).containsExactly("no engine", "no b");
  }

  @Test
  void unsafeOnlyWhenAskedFor() {
    SandboxRunner runner =
        selector(SandboxSettings.Mode.UNSAFE, fails("no engine"), fails("no bwrap"));

    assertThat(runner.name()).isEqualTo("unsafe");
    assertThat(tried).containsExactly("unsafe");
  }

  @Test
  void parsesModesCaseInsensitivelyAndRejectsOthers() {
    assertThat(SandboxSettings.Mode.parse(" Docker ")).isEqualTo(SandboxSettings.Mode.DOCKER);
    assertThat(SandboxSettings.Mode.parse("bubblewrap")).isEqualTo(SandboxSettings.Mode.BUBBLEWRAP);
    assertThatThrownBy(() -> SandboxSettings.Mode.parse("none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, docker, bubblewrap or unsafe");
  }

  @Test
  void dockerIsUnavailableWhenNoEngineAnswers() {
    SandboxSettings.Docker docker =
        new SandboxSettings.Docker(
            "unix:///nonexistent/quire-test-docker.sock",
            List.of("quire/texlive:2024"),
            "1000:1000",
            null,
            null,
            1 << 20,
            4096,
            Duration.ofSeconds(3));

    assertThatThrownBy(() -> DockerSandbox.connect(docker))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("no engine answered at unix:///nonexistent/quire-test-docker.sock");
  }

  private SandboxRunner selector(
      SandboxSettings.Mode mode, Supplier<SandboxRunner> docker, Supplier<SandboxRunner> bwrap) {
    return new SandboxSelector(mode, docker, bwrap, works("unsafe")).select();
  }

  private Supplier<SandboxRunner> works(String name) {
    return () -> {
      tried.add(name);
      return new NamedRunner(name);
    };
  }

  private Supplier<SandboxRunner> gives(SandboxRunner runner) {
    return () -> {
      tried.add(runner.name());
      return runner;
    };
  }

  private Supplier<SandboxRunner> fails(String reason) {
    return () -> {
      tried.add(reason);
      throw new SandboxUnavailableException(reason);
    };
  }

  /** Selection only: these runners are never asked to run anything. */
  private static final class NamedRunner implements SandboxRunner, AutoCloseable {
    private final String name;
    private final String unavailable;
    boolean closed;

    NamedRunner(String name) {
      this(name, null);
    }

    NamedRunner(String name, String unavailable) {
      this.name = name;
      this.unavailable = unavailable;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.ofNullable(unavailable);
    }

    @Override
    public SandboxProcess start(SandboxCommand command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
