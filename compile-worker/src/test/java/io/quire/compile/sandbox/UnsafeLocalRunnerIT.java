package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Even without a sandbox, the worker's environment stays out and the timeout holds. */
class UnsafeLocalRunnerIT {
  @TempDir Path workspace;
  private final UnsafeLocalRunner runner = new UnsafeLocalRunner();

  @Test
  void passesOnlyTheCommandsEnvironment() throws Exception {
    List<String> workerVariables = SandboxHarness.workerVariables(Map.of("PATH", ""));
    SandboxResult result = run(List.of("env"), Map.of("PATH", "/usr/bin:/bin", "ONLY", "this"));

    assertThat(result.output().lines()).contains("ONLY=this");
    for (String name : workerVariables) {
      assertThat(result.output()).doesNotContain(name + "=" + System.getenv(name));
    }
  }

  @Test
  void runsInTheWorkspace() throws Exception {
    assertThat(run(List.of("pwd"), Map.of()).output().trim())
        .isEqualTo(workspace.toRealPath().toString());
  }

  @Test
  void theTimeoutKillsTheCommandAndItsChildren() throws Exception {
    SandboxResult result =
        runner
            .start(
                new SandboxCommand(
                    workspace,
                    List.of("sh", "-c", "sleep 1000 & sleep 1000"),
                    Map.of("PATH", "/usr/bin:/bin"),
                    Duration.ofSeconds(1),
                    SandboxLimits.defaults(),
                    null))
            .await();

    assertThat(result.timedOut()).isTrue();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(6));
    assertThat(SandboxHarness.run(List.of("pgrep", "-f", "sleep 1000 & sleep 1000"))).isBlank();
  }

  private SandboxResult run(List<String> argv, Map<String, String> env) throws Exception {
    return runner
        .start(
            new SandboxCommand(
                workspace, argv, env, Duration.ofSeconds(30), SandboxLimits.defaults(), null))
        .await();
  }
}
