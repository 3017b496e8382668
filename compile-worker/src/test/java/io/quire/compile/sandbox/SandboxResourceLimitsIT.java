package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SECURITY.md rows 6 to 9, and stop: documents and programs that never end, eat memory, fork or
 * fill the disk. Each ends, is capped, and leaves nothing behind (no process of a slot uid under
 * bubblewrap, no container under Docker), in both sandboxes.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(SandboxKind.class)
class SandboxResourceLimitsIT {
  private static final long MIB = 1024 * 1024;
  private static SandboxSettings settings;
  private static SandboxRunner sandbox;

  @Parameter SandboxKind kind;

  @TempDir Path tmp;
  private SandboxHarness host;

  @BeforeParameterizedClassInvocation
  static void sandbox(SandboxKind kind) {
    settings = SandboxHarness.isolatedSettings();
    sandbox = kind.open(settings);
  }

  @AfterParameterizedClassInvocation
  static void close() {
    SandboxKind.close(sandbox);
  }

  @BeforeEach
  void host() throws IOException {
    host = SandboxHarness.in(tmp);
  }

  @AfterEach
  void nothingIsLeft() throws IOException {
    kind.assertNothingLeft(sandbox, settings);
    host.close();
  }

  @Test
  void anInfiniteTexLoopTimesOutWithinTimeoutPlusFiveSeconds() throws Exception {
    host.copy("infinite-loop.tex", "main.tex", Map.of());
    Duration timeout = Duration.ofSeconds(3);

    SandboxResult result =
        sandbox
            .start(
                host.command(
                    List.of("pdflatex", "-interaction=nonstopmode", "main.tex"),
                    timeout,
                    SandboxHarness.limits()))
            .await();

    assertThat(result.timedOut()).isTrue();
    assertThat(result.stopped()).isFalse();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.elapsed()).isLessThan(timeout.plusSeconds(5));
  }

  @Test
  void aTimedOutLatexmkRunKeepsTheLogTexWroteBeforeTheTimeout() throws Exception {
    Files.writeString(
        host.workspace.resolve("main.tex"),
        "\\documentclass{article}\n\\begin{document}\n"
            + "\\typeout{QUIRE-MARK before the loop}\n"
            + "\\loop\\iftrue\\repeat\n\\end{document}\n");
    // long enough for a container, latexmk and TeX to reach the loop on a busy machine (6 s was
    // not, once, for the Docker sandbox with a second build running). Run this test from a
    // background job (`nohup mvn ... &`: SIGINT ignored, and inherited so) to see the interrupt
    // reach TeX all the same
    Duration timeout = Duration.ofSeconds(15);

    SandboxResult result =
        sandbox
            .start(
                host.command(
                    List.of("latexmk", "-norc", "-pdf", "-interaction=batchmode", "-f", "main.tex"),
                    timeout,
                    SandboxHarness.limits()))
            .await();

    assertThat(result.timedOut()).isTrue();
    assertThat(result.elapsed()).isLessThan(timeout.plusSeconds(5));
    // TeX buffers its log: killed outright, it would leave the file empty
    assertThat(Files.readString(host.workspace.resolve("main.log")))
        .contains("QUIRE-MARK before the loop")
        .contains("Interruption");
  }

  @Test
  void aTimeoutKillsDetachedDaemonsAndDoubleForkedChildrenToo() throws Exception {
    String escapees =
        "setsid sleep 1000 & nohup sleep 1000 >/dev/null & (sleep 1000 &); while :; do :; done";

    SandboxResult result =
        sandbox
            .start(
                host.command(
                    List.of("sh", "-c", escapees), Duration.ofSeconds(2), SandboxHarness.limits()))
            .await();

    assertThat(result.timedOut()).isTrue();
    kind.assertNothingLeft(sandbox, settings);
  }

  @Test
  void aLuaMemoryBombFailsFastAndTheWorkerLives() throws Exception {
    host.copy("memory-bomb.tex", "main.tex", Map.of());
    host.copy("memory-bomb.lua", "memory-bomb.lua", Map.of());
    long heapBefore = Runtime.getRuntime().totalMemory();

    SandboxResult result = sandbox.start(host.tex("lualatex", "main.tex", false)).await();

    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isNotZero();
    if (kind == SandboxKind.BUBBLEWRAP) {
      // the address-space limit makes the allocation fail; Docker's cgroup limit kills instead
      assertThat(result.output()).containsIgnoringCase("not enough memory");
    }
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(60));
    assertThat(Runtime.getRuntime().totalMemory()).isLessThan(heapBefore + 512 * MIB);
    host.copy("read-input.tex", "main.tex", Map.of("FILE", "nothing.tex"));
    assertThat(sandbox.start(host.tex("pdflatex", "main.tex", false)).await().exitCode())
        .as("the next compile works")
        .isZero();
  }

  @Test
  void aForkBombStaysUnderTheProcessCapAndEnds() throws Exception {
    SandboxLimits limits = withProcesses(32);
    CompletableFuture<SandboxResult> bomb =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return sandbox
                    .start(
                        host.command(
                            List.of("bash", "-c", ":(){ :|:& };:; sleep 3"),
                            Duration.ofSeconds(10),
                            limits))
                    .await();
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    AtomicInteger most = new AtomicInteger();

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              int now = kind.processes(sandbox, settings).size();
              most.accumulateAndGet(now, Math::max);
              return bomb.isDone();
            });

    SandboxResult result = bomb.join();
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(15));
    assertThat(result.output())
        .as("forks were refused")
        .contains("Resource temporarily unavailable");
    // pgrep reads /proc one process at a time, so a snapshot can count a process that just exited
    // and its successor; a few over the limit is that, thousands would be a missing limit
    assertThat(most.get()).as("processes of the compile at any time").isBetween(1, 32 + 4);
    assertThat(new ProcessBuilder("true").start().waitFor())
        .as("the worker can still fork")
        .isZero();
  }

  @Test
  void aTexWriteLoopStopsAtTheFileSizeLimit() throws Exception {
    host.copy("write-loop.tex", "main.tex", Map.of());
    SandboxLimits limits = withFileBytes(16 * MIB);

    SandboxResult result =
        sandbox
            .start(
                host.command(
                    List.of("pdflatex", "-interaction=nonstopmode", "main.tex"),
                    Duration.ofSeconds(60),
                    limits))
            .await();

    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isNotZero();
    assertThat(Files.size(host.workspace.resolve("big.txt"))).isLessThanOrEqualTo(16 * MIB);
  }

  @Test
  void writingFilesStopsAtTheLimitInTheWorkspaceAndInTmp() throws Exception {
    String fill =
        "dd if=/dev/zero of=big bs=1M count=100 2>/dev/null; echo workspace=$?;"
            + " dd if=/dev/zero of=/tmp/a bs=1M count=15 2>/dev/null;"
            + " dd if=/dev/zero of=/tmp/b bs=1M count=15 2>/dev/null;"
            + " dd if=/dev/zero of=/tmp/c bs=1M count=15 2>/dev/null;"
            + " dd if=/dev/zero of=/tmp/d bs=1M count=15 2>/dev/null;"
            + " dd if=/dev/zero of=/tmp/e bs=1M count=15 2>/dev/null; echo tmp=$?;"
            + " du -sm /tmp";

    SandboxResult result =
        sandbox
            .start(
                host.command(
                    List.of("sh", "-c", fill), Duration.ofSeconds(60), withFileBytes(16 * MIB)))
            .await();

    assertThat(Files.size(host.workspace.resolve("big"))).isEqualTo(16 * MIB);
    assertThat(result.output()).doesNotContain("workspace=0").doesNotContain("tmp=0");
    assertThat(result.output()).containsPattern("(?m)^6[0-4]\\s+/tmp$");
  }

  @Test
  void aFloodOfOutputIsCappedAndNeverBlocksTheCommand() throws Exception {
    SandboxResult result =
        sandbox
            .start(
                host.command(
                    List.of("sh", "-c", "head -c 50000000 /dev/zero | tr '\\0' x; echo; echo done"),
                    Duration.ofSeconds(60),
                    SandboxHarness.limits()))
            .await();

    assertThat(result.exitCode()).isZero();
    assertThat(result.outputTruncated()).isTrue();
    assertThat(result.output()).hasSize((int) SandboxHarness.limits().maxStdoutBytes());
  }

  @Test
  void stopKillsARunningCompile() throws Exception {
    host.copy("infinite-loop.tex", "main.tex", Map.of());
    SandboxProcess process =
        sandbox.start(
            host.command(
                List.of("pdflatex", "-interaction=nonstopmode", "main.tex"),
                Duration.ofSeconds(120),
                SandboxHarness.limits()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> kind.processes(sandbox, settings).stream().anyMatch(p -> p.contains("pdflatex")));

    process.stop();
    SandboxResult result = process.await();

    assertThat(result.stopped()).isTrue();
    assertThat(result.timedOut()).isFalse();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(60));
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
