package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The Docker sandbox against a real engine, with hostile commands in a small image: no network,
 * non-root, no capabilities, read-only root, noexec /tmp, and memory, PIDs and file-size limits
 * that hold. Skipped where no engine answers; the container settings themselves are checked without
 * an engine in {@link DockerContainerSpecTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerSandboxIT {
  private static final String IMAGE = "alpine:3.20";
  private static final long MIB = 1024 * 1024;
  private static DockerSandbox sandbox;

  @TempDir Path workspace;

  @BeforeAll
  static void sandbox() throws InterruptedException {
    DockerClient client = DockerClientFactory.instance().client();
    client.pullImageCmd("alpine").withTag("3.20").start().awaitCompletion(5, TimeUnit.MINUTES);
    SandboxSettings.Docker settings =
        new SandboxSettings.Docker(
            null, List.of(IMAGE), "1000:1000", null, null, 16 * MIB, 4096, Duration.ofSeconds(10));
    sandbox = DockerSandbox.connect(settings);
  }

  @AfterAll
  static void close() throws IOException {
    sandbox.close();
  }

  @BeforeEach
  void writableForTheContainerUser() throws IOException {
    Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  @Test
  void hasOnlyAnUnconfiguredLoopbackAndNoRoute() throws Exception {
    SandboxResult result = run("ls /sys/class/net; cat /proc/net/route | wc -l", limits());

    assertThat(result.output().lines()).containsExactly("lo", "1");
  }

  @Test
  void runsAsTheConfiguredUserWithoutCapabilitiesOrPrivilegeGain() throws Exception {
    SandboxResult result = run("id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status", limits());

    assertThat(result.output())
        .startsWith("1000\n")
        .contains("CapEff:\t0000000000000000")
        .contains("NoNewPrivs:\t1");
  }

  @Test
  void theRootIsReadOnlyTmpIsNoexecAndTheWorkspaceIsWritable() throws Exception {
    SandboxResult result =
        run(
            "(touch /probe && echo root-writable) 2>/dev/null;"
                + " (cp /bin/busybox /tmp/bb && /tmp/bb true && echo tmp-exec) 2>/dev/null;"
                + " echo hi > /compile/out.txt && echo workspace-ok; pwd",
            limits());

    assertThat(result.output().lines()).containsExactly("workspace-ok", "/compile");
    assertThat(workspace.resolve("out.txt")).hasContent("hi");
  }

  @Test
  void passesOnlyTheGivenEnvironment() throws Exception {
    SandboxResult result = run("env", limits());

    assertThat(result.output()).contains("QUIRE_ONLY=this");
    for (String name : SandboxHarness.workerVariables(Map.of("PATH", "", "HOME", ""))) {
      assertThat(result.output()).doesNotContain(name + "=" + System.getenv(name));
    }
  }

  @Test
  void aMemoryBombIsKilledAtTheMemoryLimit() throws Exception {
    SandboxResult result =
        run(
            "dd if=/dev/zero of=/dev/null bs=512M count=1 2>/dev/null; echo exit=$?",
            withMemory(64 * MIB));

    assertThat(result.output()).contains("exit=137");
    assertThat(result.timedOut()).isFalse();
  }

  @Test
  void aForkBombStaysUnderThePidsLimit() throws Exception {
    SandboxResult result =
        run(
            // counted with shell built-ins only: at the limit, ls or wc could not start
            "i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done 2>/dev/null;"
                + " set -- /proc/[0-9]*; echo $#",
            withProcesses(32));

    int processes =
        Integer.parseInt(result.output().lines().reduce((a, b) -> b).orElseThrow().trim());
    assertThat(processes).isLessThanOrEqualTo(32);
  }

  @Test
  void writesStopAtTheFileSizeLimit() throws Exception {
    run("dd if=/dev/zero of=/compile/big bs=1M count=64 2>/dev/null", withFileBytes(8 * MIB));

    assertThat(Files.size(workspace.resolve("big"))).isLessThanOrEqualTo(8 * MIB);
  }

  @Test
  void aTimeoutKillsAndRemovesTheContainer() throws Exception {
    SandboxResult result =
        sandbox
            .start(
                new SandboxCommand(
                    workspace,
                    List.of("sleep", "1000"),
                    Map.of("PATH", "/usr/bin:/bin"),
                    Duration.ofSeconds(2),
                    limits(),
                    IMAGE))
            .await();

    assertThat(result.timedOut()).isTrue();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(7));
    assertThat(labelledContainers()).isEmpty();
  }

  @Test
  void aTimedOutRunIsInterruptedBeforeTheKillSoItCanWriteOutWhatItHas() throws Exception {
    // TeX writes out its log on SIGINT; this shell stands in for it (not the container's first
    // process, which the interrupt spares, as TeX under latexmk is not)
    String interruptible =
        "sh -c 'trap \"echo interrupted > interrupted.txt; exit 130\" INT;"
            + " while true; do sleep 0.1; done' & wait";

    SandboxResult result =
        sandbox
            .start(
                new SandboxCommand(
                    workspace,
                    List.of("sh", "-c", interruptible),
                    Map.of("PATH", "/usr/bin:/bin"),
                    Duration.ofSeconds(2),
                    limits(),
                    IMAGE))
            .await();

    assertThat(result.timedOut()).isTrue();
    assertThat(workspace.resolve("interrupted.txt")).hasContent("interrupted");
    assertThat(labelledContainers()).isEmpty();
  }

  @Test
  void stopKillsAndRemovesTheContainer() throws Exception {
    SandboxProcess process =
        sandbox.start(
            new SandboxCommand(
                workspace,
                List.of("sleep", "1000"),
                Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(60),
                limits(),
                IMAGE));

    process.stop();

    assertThat(process.await().stopped()).isTrue();
    assertThat(labelledContainers()).isEmpty();
  }

  private static List<?> labelledContainers() {
    try {
      return DockerClientFactory.instance()
          .client()
          .listContainersCmd()
          .withShowAll(true)
          .withLabelFilter(DockerContainerSpec.LABELS)
          .exec();
    } catch (NotFoundException e) {
      return List.of();
    }
  }

  private SandboxResult run(String script, SandboxLimits limits) throws Exception {
    return sandbox
        .start(
            new SandboxCommand(
                workspace,
                List.of("sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin", "QUIRE_ONLY", "this"),
                Duration.ofSeconds(60),
                limits,
                IMAGE))
        .await();
  }

  private static SandboxLimits limits() {
    return SandboxLimits.defaults();
  }

  private static SandboxLimits withMemory(long bytes) {
    SandboxLimits d = SandboxLimits.defaults();
    return new SandboxLimits(
        bytes, d.maxProcesses(), d.maxFileBytes(), d.cpuTime(), d.maxStdoutBytes(), d.cpus());
  }

  private static SandboxLimits withProcesses(int processes) {
    SandboxLimits d = SandboxLimits.defaults();
    return new SandboxLimits(
        d.memoryBytes(), processes, d.maxFileBytes(), d.cpuTime(), d.maxStdoutBytes(), d.cpus());
  }

  private static SandboxLimits withFileBytes(long bytes) {
    SandboxLimits d = SandboxLimits.defaults();
    return new SandboxLimits(
        d.memoryBytes(), d.maxProcesses(), bytes, d.cpuTime(), d.maxStdoutBytes(), d.cpus());
  }
}
