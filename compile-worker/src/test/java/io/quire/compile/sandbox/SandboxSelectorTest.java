package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private Supplier<SandboxRunner> fails(String reason) {
    return () -> {
      tried.add(reason);
      throw new SandboxUnavailableException(reason);
    };
  }

  private record NamedRunner(String name) implements SandboxRunner {
    @Override
    public SandboxProcess start(SandboxCommand command) {
      throw new UnsupportedOperationException();
    }
  }
}
