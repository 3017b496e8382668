package io.quire.compile.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A host laid out like a worker's, with secrets where a hostile document would look for them: every
 * secret is world-readable and every target world-writable, so that only the sandbox stands between
 * a document and them (the slot uid's file permissions alone would not).
 *
 * <ul>
 *   <li>{@code workspaces/project-a}: the workspace under attack
 *   <li>{@code workspaces/project-b/secret.tex}: another project's file (row 11)
 *   <li>{@code host/secret.txt}: a host file outside every workspace (row 1)
 *   <li>{@code /etc/quire-sandbox-canary-*}: a file in the host's /etc, which must never be mounted
 *       whole
 *   <li>{@code host-writable/}: where shell-escape attacks try to create files (row 2)
 * </ul>
 */
final class SandboxHarness implements AutoCloseable {
  static final Map<String, String> TEX_ENV =
      Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp", "LANG", "C.UTF-8");

  final Path workspace;
  final Path otherSecret;
  final Path hostSecret;
  final Path etcSecret;
  final Path writable;
  final String otherCanary = canary();
  final String hostCanary = canary();
  final String etcCanary = canary();

  private SandboxHarness(Path root) throws IOException {
    // the slot uid must be able to reach the workspace, as under /var/lib/quire
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    workspace = Files.createDirectories(root.resolve("workspaces/project-a"));
    Path other = Files.createDirectories(root.resolve("workspaces/project-b"));
    otherSecret = worldReadable(other.resolve("secret.tex"), otherCanary);
    hostSecret =
        worldReadable(
            Files.createDirectories(root.resolve("host")).resolve("secret.txt"), hostCanary);
    etcSecret = worldReadable(Path.of("/etc/quire-sandbox-canary-" + UUID.randomUUID()), etcCanary);
    writable = Files.createDirectories(root.resolve("host-writable"));
    Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rwxrwxrwx"));
    for (Path dir : List.of(root.resolve("workspaces"), other, root.resolve("host"))) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  static SandboxHarness in(Path root) throws IOException {
    return new SandboxHarness(root);
  }

  static SandboxLimits limits() {
    return SandboxLimits.defaults();
  }

  /** Copies {@code sandbox/<resource>} into the workspace, replacing {@code @KEY@} markers. */
  void copy(String resource, String target, Map<String, String> replacements) throws IOException {
    String text;
    try (InputStream in = SandboxHarness.class.getResourceAsStream("/sandbox/" + resource)) {
      if (in == null) {
        throw new IOException("no test resource sandbox/" + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> e : replacements.entrySet()) {
      text = text.replace("@" + e.getKey() + "@", e.getValue());
    }
    Files.writeString(workspace.resolve(target), text);
  }

  SandboxCommand tex(String engine, String file, boolean shellEscape) {
    return command(
        List.of(
            engine,
            "-interaction=nonstopmode",
            shellEscape ? "-shell-escape" : "-no-shell-escape",
            file),
        Duration.ofSeconds(120),
        limits());
  }

  SandboxCommand command(List<String> argv, Duration timeout, SandboxLimits limits) {
    return new SandboxCommand(workspace, argv, TEX_ENV, timeout, limits, null);
  }

  /**
   * Every byte a compile produced, as text: each file in the workspace (Latin-1, so binary PDF
   * streams are searchable too), plus the text pdftotext extracts from each PDF.
   */
  String everythingProduced(SandboxResult result) throws IOException {
    StringBuilder all = new StringBuilder(result.output());
    try (Stream<Path> files = Files.walk(workspace)) {
      for (Path file :
          files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        all.append('\n').append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        if (file.toString().endsWith(".pdf")) {
          all.append('\n').append(pdfText(file));
        }
      }
    }
    return all.toString();
  }

  static String pdfText(Path pdf) throws IOException {
    return run(List.of("pdftotext", pdf.toString(), "-"));
  }

  /** Live (and zombie) processes of any of the sandbox's slot uids, as {@code pgrep} sees them. */
  /**
   * The default settings with a random range of slot uids, so test runs (and workers of other
   * tests) that sandbox at the same time on this host never count or kill each other's processes.
   */
  static SandboxSettings isolatedSettings() {
    SandboxSettings defaults = SandboxSettings.defaults();
    SandboxSettings.Bubblewrap b = defaults.bubblewrap();
    int base = 200_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 70_000) * 100;
    return new SandboxSettings(
        defaults.mode(),
        defaults.defaultLimits(),
        new SandboxSettings.Bubblewrap(
            b.bwrap(),
            b.setpriv(),
            b.prlimit(),
            base,
            b.slots(),
            b.readOnlyPaths(),
            b.tmpBytes(),
            b.probeTimeout()),
        defaults.docker());
  }

  static List<String> processesOfSlotUids(SandboxSettings.Bubblewrap settings) {
    String uids =
        IntStream.range(settings.baseUid(), settings.baseUid() + settings.slots())
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(","));
    try {
      String out = run(List.of("pgrep", "-a", "-u", uids));
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String run(List<String> argv) throws IOException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try (InputStream in = process.getInputStream()) {
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Names of the worker's (this JVM's) environment variables a command does not set itself. */
  static List<String> workerVariables(Map<String, String> commandEnv) {
    List<String> names = new ArrayList<>();
    System.getenv()
        .forEach(
            (name, value) -> {
              if (!commandEnv.containsKey(name)
                  && !value.isEmpty()
                  && name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                names.add(name);
              }
            });
    return names;
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(etcSecret);
  }

  private static Path worldReadable(Path file, String content) throws IOException {
    Files.writeString(file, content + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  private static String canary() {
    return "QUIRECANARY" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
  }
}
