package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bubblewrap sandbox compiles real documents, as an unprivileged uid, and refuses to start
 * broken.
 */
class BubblewrapSandboxIT {
  private static SandboxSettings settings;
  private static BubblewrapSandbox sandbox;

  @TempDir Path tmp;
  private SandboxHarness host;

  @BeforeAll
  static void sandbox() {
    settings = SandboxHarness.isolatedSettings();
    sandbox = new BubblewrapSandbox(settings.bubblewrap(), settings.defaultLimits());
  }

  @BeforeEach
  void host() throws IOException {
    host = SandboxHarness.in(tmp);
  }

  @AfterEach
  void cleanUp() throws IOException {
    host.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-pdf", "-xelatex", "-lualatex"})
  void latexmkCompilesADocumentWithBiberAndAnIndexInTheSandbox(String engine) throws Exception {
    host.copy("hello.tex", "main.tex", Map.of());
    host.copy("hello.bib", "hello.bib", Map.of());
    SandboxCommand latexmk =
        new SandboxCommand(
            host.workspace,
            List.of("latexmk", "-norc", engine, "-interaction=nonstopmode", "main.tex"),
            Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp", "LANG", "C.UTF-8", "openin_any", "p"),
            Duration.ofSeconds(120),
            SandboxLimits.defaults(),
            null);

    SandboxResult result = sandbox.start(latexmk).await();

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(SandboxHarness.pdfText(host.workspace.resolve("main.pdf")))
        .contains("Hello from the sandbox")
        .contains("The TeXbook")
        .contains("sandbox, 1");
  }

  @Test
  void commandsRunAsAnUnprivilegedSlotUidWithoutCapabilitiesAndCannotReadShadow() throws Exception {
    SandboxResult result =
        run("id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; cat /etc/shadow; ls /etc");

    int uid = Integer.parseInt(result.output().lines().findFirst().orElseThrow().trim());
    assertThat(uid)
        .isBetween(settings.bubblewrap().baseUid(), settings.bubblewrap().baseUid() + 15);
    assertThat(result.output())
        .contains("CapEff:\t0000000000000000")
        .contains("NoNewPrivs:\t1")
        .contains("/etc/shadow: No such file")
        .doesNotContain("passwd")
        .doesNotContain(host.etcSecret.getFileName().toString());
  }

  @Test
  void aLowPriorityCommandRunsNicedAndCannotRaiseItsPriority() throws Exception {
    SandboxResult niced =
        sandbox
            .start(
                host.command(
                    List.of("sh", "-c", "nice; nice -n -5 nice || echo refused"),
                    Duration.ofSeconds(30),
                    SandboxLimits.defaults().withNiceness(10)))
            .await();
    SandboxResult normal = run("nice");

    assertThat(niced.output().lines().findFirst()).hasValue("10");
    assertThat(niced.output()).doesNotContain("\n5\n");
    assertThat(normal.output().strip()).isEqualTo("0");
  }

  @Test
  void theRootIsReadOnlyAndOnlyTheWorkspaceAndTmpAreWritable() throws Exception {
    SandboxResult result =
        run(
            "for d in / /usr /etc/texmf /compile /tmp; do touch $d/probe 2>/dev/null"
                + " && echo writable:$d || echo readonly:$d; done");

    assertThat(result.output().lines())
        .containsExactly(
            "readonly:/",
            "readonly:/usr",
            "readonly:/etc/texmf",
            "writable:/compile",
            "writable:/tmp");
    assertThat(host.workspace.resolve("probe")).exists();
  }

  @Test
  void concurrentCommandsRunAsDifferentUids() throws Exception {
    Path second = Files.createDirectory(host.workspace.resolveSibling("project-c"));
    SandboxProcess one =
        sandbox.start(
            host.command(
                List.of("sh", "-c", "id -u; sleep 1"),
                Duration.ofSeconds(30),
                SandboxLimits.defaults()));
    SandboxProcess two =
        sandbox.start(
            new SandboxCommand(
                second,
                List.of("sh", "-c", "id -u; sleep 1"),
                SandboxHarness.TEX_ENV,
                Duration.ofSeconds(30),
                SandboxLimits.defaults(),
                null));

    assertThat(one.await().output()).isNotEqualTo(two.await().output());
  }

  @Test
  void aWorkspaceTheSlotUidCannotReachIsRefusedWithAClearMessage() throws Exception {
    Path closed = Files.createDirectory(tmp.resolve("closed"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    Path workspace = Files.createDirectory(closed.resolve("ws"));

    assertThatThrownBy(
            () ->
                sandbox.start(
                    new SandboxCommand(
                        workspace,
                        List.of("true"),
                        Map.of(),
                        Duration.ofSeconds(5),
                        SandboxLimits.defaults(),
                        null)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not searchable by others");
  }

  @Test
  void givenNoWorkingBubblewrapTheWorkerRefusesToStart() {
    SandboxSettings.Bubblewrap broken =
        new SandboxSettings.Bubblewrap(
            Path.of("/nonexistent/bwrap"),
            settings.bubblewrap().setpriv(),
            settings.bubblewrap().prlimit(),
            settings.bubblewrap().baseUid(),
            4,
            List.of(),
            1 << 20,
            Duration.ofSeconds(10));
    SandboxSettings auto =
        new SandboxSettings(
            SandboxSettings.Mode.AUTO,
            SandboxLimits.defaults(),
            broken,
            new SandboxSettings.Docker(
                "unix:///nonexistent/docker.sock",
                List.of("quire/texlive:2024"),
                "1000:1000",
                null,
                null,
                1 << 20,
                4096,
                Duration.ofSeconds(3)));

    assertThatThrownBy(() -> SandboxSelector.select(auto))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("refusing to start")
        .hasMessageContaining("/nonexistent/bwrap is missing");
    assertThatThrownBy(() -> SandboxSelector.select(auto.withMode(SandboxSettings.Mode.BUBBLEWRAP)))
        .isInstanceOf(SandboxUnavailableException.class);
  }

  @Test
  void givenAProbeThatFailsTheSandboxIsUnavailable() {
    SandboxSettings.Bubblewrap noUsr =
        new SandboxSettings.Bubblewrap(
            settings.bubblewrap().bwrap(),
            settings.bubblewrap().setpriv(),
            settings.bubblewrap().prlimit(),
            settings.bubblewrap().baseUid(),
            4,
            List.of(),
            1 << 20,
            Duration.ofSeconds(10));
    SandboxLimits tooSmall =
        new SandboxLimits(1 << 20, 64, 1 << 20, Duration.ofSeconds(5), 1 << 16, 1.0);

    assertThatThrownBy(() -> new BubblewrapSandbox(noUsr, tooSmall))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("probe run failed");
  }

  private SandboxResult run(String script) throws Exception {
    return sandbox
        .start(
            host.command(
                List.of("sh", "-c", script), Duration.ofSeconds(30), SandboxLimits.defaults()))
        .await();
  }
}
