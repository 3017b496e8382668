package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker sandbox against a real engine, in the TeX image compiles run in: no network, non-root,
 * no capabilities, read-only root, noexec /tmp, memory, PIDs and file-size limits that hold, the
 * workspace handed to the container's user, and no container left behind. Skipped with one line
 * where no engine with the TeX image answers; the container settings themselves are checked without
 * an engine in {@link DockerContainerSpecTest}. The hostile-document suites ({@code Sandbox*IT})
 * run against this sandbox too.
 */
class DockerSandboxIT {
  private static final String IMAGE = SandboxKind.TEX_IMAGE;
  private static final long MIB = 1024 * 1024;
  private static DockerSandbox sandbox;

  @TempDir Path workspace;

  @BeforeAll
  static void sandbox() {
    sandbox = (DockerSandbox) SandboxKind.DOCKER.open(SandboxHarness.isolatedSettings());
  }

  @AfterAll
  static void close() throws IOException {
    if (sandbox != null) {
      sandbox.close();
    }
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
                + " (cp /bin/true /tmp/t && /tmp/t && echo tmp-exec) 2>/dev/null;"
                + " echo hi > /compile/out.txt && echo workspace-ok; pwd",
            limits());

    assertThat(result.output().lines()).containsExactly("workspace-ok", "/compile");
    assertThat(workspace.resolve("out.txt")).hasContent("hi");
  }

  @Test
  void passesOnlyTheGivenEnvironment() throws Exception {
    SandboxResult result = run("env", limits());

    assertThat(result.output()).contains("QUIRE_ONLY=this");
    // PATH, HOME and LANG are set by the command or by the image itself
    for (String name : SandboxHarness.workerVariables(Map.of("PATH", "", "HOME", "", "LANG", ""))) {
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
    // perl, because a failed fork ends a shell script; it counts the processes itself, since at
    // the limit no other program could start
    String bomb =
        "my $n = 0; for (1 .. 200) { my $pid = fork(); last unless defined $pid;"
            + " if ($pid == 0) { sleep 30; exit 0 } $n++ }"
            + " opendir(my $proc, '/proc'); print scalar(grep { /^[0-9]+$/ } readdir $proc), \"\\n\";";
    SandboxResult result =
        sandbox
            .start(
                new SandboxCommand(
                    workspace,
                    List.of("perl", "-e", bomb),
                    Map.of("PATH", "/usr/bin:/bin"),
                    Duration.ofSeconds(60),
                    withProcesses(32),
                    IMAGE))
            .await();

    int processes = Integer.parseInt(result.output().strip());
    assertThat(processes).as(result.output()).isBetween(2, 32);
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
    // TeX writes out its log on SIGINT; the inner shell stands in for it, the outer one for
    // latexmk (which the interrupt spares, so it can wait for TeX)
    String interruptible =
        "sh -c 'trap \"echo interrupted > interrupted.txt; exit 130\" INT;"
            + " while true; do sleep 0.1; done'; echo outer-went-on";

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

  @Test
  void latexmkCompilesADocumentWithBiberInAWorkspaceTheRootWorkerOwns() throws Exception {
    SandboxHarness host = SandboxHarness.in(workspace);
    host.copy("hello.tex", "main.tex", Map.of());
    host.copy("hello.bib", "hello.bib", Map.of());
    assertThat(WorkspaceOwnership.ownerUid(host.workspace)).as("written by the worker").isZero();

    SandboxResult result =
        sandbox
            .start(
                new SandboxCommand(
                    host.workspace,
                    List.of("latexmk", "-norc", "-pdf", "-interaction=nonstopmode", "main.tex"),
                    SandboxHarness.TEX_ENV,
                    Duration.ofSeconds(120),
                    SandboxLimits.defaults(),
                    IMAGE))
            .await();

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(SandboxHarness.pdfText(host.workspace.resolve("main.pdf")))
        .contains("Hello from the sandbox")
        .contains("The TeXbook");
    assertThat(WorkspaceOwnership.ownerUid(host.workspace.resolve("main.pdf"))).isEqualTo(1000);
    host.close();
  }

  @Test
  void aContainerLeftByAKilledRunOfAWorkerIsRemovedWhenTheWorkerStartsAgain() throws Exception {
    DockerSandbox first =
        DockerSandbox.connect(SandboxKind.dockerSettings(), "docker-it-restarted");
    // started and never awaited: what a worker killed with SIGKILL mid-compile leaves
    first.start(
        new SandboxCommand(
            workspace,
            List.of("sleep", "1000"),
            Map.of("PATH", "/usr/bin:/bin"),
            Duration.ofSeconds(600),
            limits(),
            IMAGE));
    assertThat(containersOf("docker-it-restarted")).hasSize(1);

    DockerSandbox again =
        DockerSandbox.connect(SandboxKind.dockerSettings(), "docker-it-restarted");

    assertThat(containersOf("docker-it-restarted")).isEmpty();
    first.close();
    again.close();
  }

  @Test
  void aContainerLongPastItsDeadlineIsRemovedByAnyWorker() throws Exception {
    SandboxCommand sleep =
        new SandboxCommand(
            workspace,
            List.of("sleep", "1000"),
            Map.of("PATH", "/usr/bin:/bin"),
            Duration.ofSeconds(600),
            limits(),
            IMAGE);
    // a worker that is gone for good (scaled down) started these: one overdue, one not yet
    DockerContainerSpec overdue =
        DockerContainerSpec.of(
            sleep,
            SandboxKind.dockerSettings(),
            "docker-it-gone",
            Instant.now().minus(DockerSandbox.ABANDONED_AFTER).minusSeconds(5));
    DockerContainerSpec running =
        DockerContainerSpec.of(
            sleep,
            SandboxKind.dockerSettings(),
            "docker-it-gone-too",
            Instant.now().plusSeconds(600));
    String old = overdue.applyTo(sandbox.client().createContainerCmd(IMAGE)).exec().getId();
    String young = running.applyTo(sandbox.client().createContainerCmd(IMAGE)).exec().getId();

    sandbox.removeAbandoned();

    assertThat(containersOf("docker-it-gone")).isEmpty();
    assertThat(containersOf("docker-it-gone-too"))
        .extracting(Container::getId)
        .containsExactly(young);
    DockerSandboxProcess.remove(sandbox.client(), young);
    assertThat(old).isNotEqualTo(young);
  }

  @Test
  void aMissingTexImageIsNamedAsTheReasonTheSandboxCannotCompile() {
    SandboxSettings.Docker d = SandboxKind.dockerSettings();
    SandboxSettings.Docker missing =
        new SandboxSettings.Docker(
            d.host(),
            List.of("quire/texlive:no-such-year"),
            d.user(),
            null,
            null,
            d.tmpBytes(),
            d.userProcessLimit(),
            d.pingTimeout());
    DockerSandbox withoutImage = DockerSandbox.connect(missing, "docker-it-no-image");

    assertThat(withoutImage.unavailableReason())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("quire/texlive:no-such-year is not on the Docker engine")
                    .contains("./quire images texlive"));
    assertThat(sandbox.unavailableReason()).isEmpty();
  }

  private static List<Container> containersOf(String worker) {
    return sandbox
        .client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(DockerContainerSpec.WORKER_LABEL, worker))
        .exec();
  }

  private static List<Container> labelledContainers() {
    try {
      return sandbox
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
                List.of("bash", "-c", script),
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
