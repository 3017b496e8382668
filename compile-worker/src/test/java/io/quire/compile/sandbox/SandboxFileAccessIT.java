package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * SECURITY.md rows 1, 11 and 12: a document reads files outside its workspace. TeX Live's default
 * {@code openin_any=a} is kept on purpose (the compile pipeline sets {@code p}), so the sandbox's
 * file system is the only defence under test. Each attack is also run without a sandbox, to show
 * that the document really does leak where nothing stops it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(SandboxKind.class)
class SandboxFileAccessIT {
  private static SandboxSettings settings;
  private static SandboxRunner sandbox;

  @Parameter SandboxKind kind;
  private final UnsafeLocalRunner unsandboxed = new UnsafeLocalRunner();

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
