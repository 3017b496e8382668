package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY.md rows 1, 11 and 12: a document reads files outside its workspace. TeX Live's default
 * {@code openin_any=a} is kept on purpose (the compile pipeline sets {@code p}), so the sandbox's
 * file system is the only defence under test. Each attack is also run without a sandbox, to show
 * that the document really does leak where nothing stops it.
 */
class BubblewrapFileAccessIT {
  private static BubblewrapSandbox sandbox;
  private final UnsafeLocalRunner unsandboxed = new UnsafeLocalRunner();

  @TempDir Path tmp;
  private SandboxHarness host;

  @BeforeAll
  static void sandbox() {
    SandboxSettings settings = SandboxHarness.isolatedSettings();
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

  @Test
  void inputOfAHostFileOrAFileInTheHostsEtcReadsNothing() throws Exception {
    for (Path secret : List.of(host.hostSecret, host.etcSecret)) {
      attack("pdflatex", "read-input.tex", secret, canaryOf(secret));
    }
  }

  @Test
  void openinAndReadOfAHostFileReadNothing() throws Exception {
    attack("pdflatex", "read-openin.tex", host.hostSecret, host.hostCanary);
  }

  @Test
  void pdfobjFileCannotEmbedAHostFileInThePdf() throws Exception {
    attack("pdflatex", "read-pdfobj.tex", host.hostSecret, host.hostCanary);
  }

  @Test
  void luaIoOpenOfAHostFileReadsNothing() throws Exception {
    host.copy("read-lua.lua", "read-lua.lua", Map.of("FILE", host.etcSecret.toString()));
    attack("lualatex", "read-lua.tex", host.etcSecret, host.etcCanary);
  }

  @Test
  void anotherProjectsWorkspaceIsInvisibleByAbsoluteAndRelativePath() throws Exception {
    attack("pdflatex", "read-input.tex", host.otherSecret, host.otherCanary);
    attack("pdflatex", "read-input.tex", Path.of("../project-b/secret.tex"), host.otherCanary);
  }

  @Test
  void aSymlinkPlantedInTheWorkspaceLeadsNowhereAndItsTargetKeepsItsOwner() throws Exception {
    Files.createSymbolicLink(host.workspace.resolve("planted.tex"), host.hostSecret);
    host.copy("read-input.tex", "main.tex", Map.of("FILE", "planted.tex"));

    SandboxResult result = sandbox.start(host.tex("pdflatex", "main.tex", false)).await();

    assertThat(SandboxHarness.pdfText(host.workspace.resolve("main.pdf"))).contains("ABSENT");
    assertThat(host.everythingProduced(result)).doesNotContain(host.hostCanary);
    assertThat(Files.getAttribute(host.hostSecret, "unix:uid"))
        .as("the workspace hand-over must not chown through the link")
        .isEqualTo(0);
  }

  /**
   * Runs {@code document} reading {@code secret} in the sandbox (nothing leaks, but TeX did run),
   * then the same document without a sandbox (it leaks: the attack is real).
   */
  private void attack(String engine, String document, Path secret, String canary) throws Exception {
    host.copy(document, "main.tex", Map.of("FILE", secret.toString()));

    SandboxResult sandboxed = sandbox.start(host.tex(engine, "main.tex", false)).await();

    assertThat(SandboxHarness.pdfText(host.workspace.resolve("main.pdf")))
        .as("TeX ran to the end")
        .contains("BEGIN", "END");
    assertThat(host.everythingProduced(sandboxed))
        .as("nothing of %s leaked", secret)
        .doesNotContain(canary);

    clearOutputs();
    host.copy(document, "main.tex", Map.of("FILE", secret.toString()));
    SandboxResult leaked = unsandboxed.start(host.tex(engine, "main.tex", false)).await();
    assertThat(host.everythingProduced(leaked)).as("the attack works unsandboxed").contains(canary);
    clearOutputs();
  }

  private String canaryOf(Path secret) {
    return secret.equals(host.etcSecret) ? host.etcCanary : host.hostCanary;
  }

  private void clearOutputs() throws IOException {
    try (var files = Files.list(host.workspace)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().endsWith(".lua")) {
          Files.delete(file);
        }
      }
    }
  }
}
