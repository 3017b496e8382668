package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
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
 * SECURITY.md rows 2, 3, 4, 5 and 10: a document runs programs, reads the worker's environment or
 * reaches the network. Shell escape is switched on for the TeX attacks, as a broken TeX would have
 * it (CVE-2016-10243, CVE-2023-32700): the sandbox has to hold on its own.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(SandboxKind.class)
class SandboxEscapeIT {
  private static SandboxSettings settings;
  private static SandboxRunner sandbox;

  @Parameter SandboxKind kind;
  private final UnsafeLocalRunner unsandboxed = new UnsafeLocalRunner();

  @TempDir Path tmp;
  private SandboxHarness host;
  private ServerSocket listener;
  private final List<String> received = new CopyOnWriteArrayList<>();

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
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "egress-listener");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void cleanUp() throws IOException {
    listener.close();
    host.close();
  }

  @Test
  void write18CannotCreateAFileOnTheHost() throws Exception {
    shellEscapeAttack("shell-write18.tex");
  }

  @Test
  void pipedInputCannotCreateAFileOnTheHost() throws Exception {
    shellEscapeAttack("shell-pipe-input.tex");
  }

  @Test
  void luaOsExecuteIoPopenAndSocketsReachNothingOnTheHost() throws Exception {
    Path target = host.writable.resolve("lua-touched");
    Map<String, String> attack =
        Map.of(
            "TARGET", target.toString(),
            "FILE", host.hostSecret.toString(),
            "PORT", Integer.toString(listener.getLocalPort()));
    host.copy("lua-escape.tex", "main.tex", Map.of());
    host.copy("lua-escape.lua", "lua-escape.lua", attack);

    SandboxResult result = sandbox.start(host.tex("lualatex", "main.tex", true)).await();

    String text = SandboxHarness.pdfText(host.workspace.resolve("main.pdf"));
    assertThat(text).contains("EXECUTE:").contains("CONNECT:failed");
    assertThat(host.everythingProduced(result)).doesNotContain(host.hostCanary);
    assertThat(target).doesNotExist();
    assertThat(received).isEmpty();

    unsandboxed.start(host.tex("lualatex", "main.tex", true)).await();
    assertThat(SandboxHarness.pdfText(host.workspace.resolve("main.pdf")))
        .as("the attack works unsandboxed")
        .contains(host.hostCanary)
        .contains("CONNECT:connected");
    assertThat(target).exists();
  }

  @Test
  void programsCannotConnectToAPortOpenOnTheHostsLoopback() throws Exception {
    int port = listener.getLocalPort();
    List<List<String>> attempts =
        List.of(
            List.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port + " && echo CONNECTED"),
            List.of(
                "perl",
                "-MIO::Socket::INET",
                "-e",
                "IO::Socket::INET->new(PeerAddr => '127.0.0.1:"
                    + port
                    + "', Timeout => 3)"
                    + " and print qq(CONNECTED\\n)"));
    for (List<String> argv : attempts) {
      assertThat(run(argv)).doesNotContain("CONNECTED");
    }
    assertThat(received).isEmpty();
    assertThat(
            run(List.of("cat", "/proc/net/dev")).lines().skip(2).map(l -> l.split(":")[0].trim()))
        .as("the only network interface is an unconfigured loopback")
        .containsExactly("lo");

    SandboxResult control =
        unsandboxed
            .start(host.command(attempts.get(0), Duration.ofSeconds(20), SandboxHarness.limits()))
            .await();
    assertThat(control.output()).as("the port is really open").contains("CONNECTED");
  }

  @Test
  void theWorkersEnvironmentNeverReachesTheSandbox() throws Exception {
    List<String> names = SandboxHarness.workerVariables(SandboxHarness.TEX_ENV);
    assertThat(names).as("the worker has variables of its own").isNotEmpty();
    String kpseQuery = names.stream().map(n -> n + "=$" + n + ";").collect(Collectors.joining());
    host.copy("env-lua.tex", "main.tex", Map.of());
    host.copy(
        "env-lua.lua",
        "env-lua.lua",
        Map.of("NAMES", names.stream().map(n -> '"' + n + '"').collect(Collectors.joining(","))));

    String seen =
        run(List.of("kpsewhich", "-expand-var=" + kpseQuery))
            + run(List.of("sh", "-c", "env; tr '\\0' '\\n' < /proc/1/environ"));
    sandbox.start(host.tex("lualatex", "main.tex", false)).await();
    String luaSeen = Files.readString(host.workspace.resolve("env-seen.txt"));

    for (String name : names) {
      String leak = name + "=" + System.getenv(name);
      assertThat(seen).doesNotContain(leak + ";").doesNotContain(leak + "\n");
      assertThat(luaSeen).contains(name + "=;").doesNotContain(leak + ";");
    }
  }

  @Test
  void aProjectsLatexmkrcRunsOnlyInsideTheSandboxAndNotAtAllWithNorc() throws Exception {
    Path target = host.writable.resolve("latexmkrc-touched");
    host.copy("latexmkrc", ".latexmkrc", Map.of("TARGET", target.toString()));
    host.copy("read-input.tex", "main.tex", Map.of("FILE", "nothing.tex"));
    Path marker = host.workspace.resolve("rc-ran.txt");

    run(List.of("latexmk", "-norc", "-pdf", "-interaction=nonstopmode", "main.tex"));
    assertThat(marker).as("-norc ignores the project's rc file").doesNotExist();

    List<String> withRc = List.of("latexmk", "-pdf", "-interaction=nonstopmode", "main.tex");
    run(withRc);
    assertThat(marker).as("without -norc latexmk runs it").exists();
    assertThat(target).as("but its side effect stays in the sandbox").doesNotExist();

    unsandboxed
        .start(host.command(withRc, Duration.ofSeconds(60), SandboxHarness.limits()))
        .await();
    assertThat(target).as("the attack works unsandboxed").exists();
  }

  private void shellEscapeAttack(String document) throws Exception {
    Path target = host.writable.resolve("touched");
    host.copy(document, "main.tex", Map.of("TARGET", target.toString()));

    sandbox.start(host.tex("pdflatex", "main.tex", true)).await();

    assertThat(SandboxHarness.pdfText(host.workspace.resolve("main.pdf"))).contains("BEGIN", "END");
    assertThat(target).doesNotExist();

    unsandboxed.start(host.tex("pdflatex", "main.tex", true)).await();
    assertThat(target).as("the attack works unsandboxed").exists();
  }

  private String run(List<String> argv) throws Exception {
    return sandbox
        .start(host.command(argv, Duration.ofSeconds(60), SandboxHarness.limits()))
        .await()
        .output();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try (Socket socket = listener.accept();
          InputStream in = socket.getInputStream()) {
        received.add("connection from " + socket.getRemoteSocketAddress());
        socket.setSoTimeout(1000);
        received.add(new String(in.readNBytes(64), StandardCharsets.UTF_8));
      } catch (IOException e) {
        // closed at the end of the test, or the client went away
      }
    }
  }
}
