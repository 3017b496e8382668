package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BubblewrapCommandLineTest {
  private static final BubblewrapCommandLine.Features ALL_FEATURES =
      new BubblewrapCommandLine.Features(true, true);
  private static final List<String> MERGED_USR =
      List.of("--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib");

  private final SandboxSettings.Bubblewrap settings = SandboxSettings.Bubblewrap.defaults();
  private final SandboxLimits limits =
      new SandboxLimits(1 << 30, 64, 256L << 20, Duration.ofMillis(180_500), 1 << 21, 1.0);
  private final SandboxCommand command =
      new SandboxCommand(
          Path.of("/w/p1"),
          List.of("latexmk", "-norc", "main.tex"),
          Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp"),
          Duration.ofSeconds(180),
          limits,
          null);

  private List<String> argv() {
    return new BubblewrapCommandLine(settings, ALL_FEATURES, MERGED_USR)
        .argv(60003, Path.of("/w/p1"), command);
  }

  @Test
  void setsEveryRlimitAsRootBeforeDroppingToTheSlotUidAndThenStartsBwrap() {
    List<String> argv = argv();

    assertThat(argv.subList(0, 9))
        .containsExactly(
            "/usr/bin/prlimit",
            "--cpu=181:181",
            "--as=1073741824:1073741824",
            "--fsize=268435456:268435456",
            "--nproc=64:64",
            "--core=0:0",
            "--nice=0:0",
            "--",
            "/usr/bin/setpriv");
    assertThat(argv.subList(9, 17))
        .containsExactly(
            "--reuid=60003",
            "--regid=60003",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--",
            "/usr/bin/bwrap");
  }

  @Test
  void aLowPriorityCommandStartsUnderNiceBeforeAnythingElse() {
    SandboxCommand background =
        new SandboxCommand(
            command.workspace(),
            command.argv(),
            command.environment(),
            command.timeout(),
            limits.withNiceness(10),
            null);

    List<String> argv =
        new BubblewrapCommandLine(settings, ALL_FEATURES, MERGED_USR)
            .argv(60003, Path.of("/w/p1"), background);

    assertThat(argv.subList(0, 4)).containsExactly("/usr/bin/nice", "-n", "10", "/usr/bin/prlimit");
    assertThat(argv()).doesNotContain("/usr/bin/nice");
  }

  @Test
  void isolatesEveryNamespaceTheSessionAndTheLifetime() {
    List<String> bwrap = bwrapOptions(argv());

    assertThat(bwrap)
        .contains("--unshare-all", "--unshare-user", "--disable-userns")
        .contains("--new-session", "--die-with-parent")
        .doesNotContain("--share-net");
    assertThat(bwrap).containsSubsequence("--hostname", "sandbox");
  }

  @Test
  void clearsTheEnvironmentBeforeSettingOnlyTheCommandsVariables() {
    List<String> bwrap = bwrapOptions(argv());

    int clear = bwrap.indexOf("--clearenv");
    assertThat(clear).isNotNegative();
    assertThat(bwrap.subList(clear + 1, clear + 7))
        .containsExactly("--setenv", "HOME", "/tmp", "--setenv", "PATH", "/usr/bin:/bin");
    assertThat(bwrap.stream().filter("--setenv"::equals)).hasSize(2);
  }

  @Test
  void mountsUsrAndOnlyTheConfiguredEtcEntriesReadOnlyAndNeverTheWholeEtc() {
    List<String> bwrap = bwrapOptions(argv());

    assertThat(bwrap).containsSubsequence("--ro-bind", "/usr", "/usr");
    assertThat(bwrap)
        .containsSubsequence("--ro-bind-try", "/etc/texmf", "/etc/texmf")
        .containsSubsequence("--ro-bind-try", "/etc/fonts", "/etc/fonts")
        .containsSubsequence("--ro-bind-try", "/var/lib/texmf", "/var/lib/texmf");
    for (int i = 0; i < bwrap.size(); i++) {
      if (bwrap.get(i).endsWith("bind") || bwrap.get(i).endsWith("bind-try")) {
        assertThat(bwrap.get(i + 1)).isNotIn("/", "/etc", "/root", "/home");
      }
    }
    assertThat(bwrap).containsSubsequence("--symlink", "usr/bin", "/bin");
  }

  @Test
  void givesAFreshProcDevAndASizedTmpBeforeTheWorkspaceWhichIsTheOnlyWritableBind() {
    List<String> bwrap = bwrapOptions(argv());

    assertThat(bwrap)
        .containsSubsequence("--proc", "/proc")
        .containsSubsequence("--dev", "/dev")
        .containsSubsequence("--size", "67108864", "--tmpfs", "/tmp");
    int tmp = bwrap.indexOf("--tmpfs");
    int workspace = bwrap.indexOf("--bind");
    assertThat(tmp).isLessThan(workspace);
    assertThat(bwrap.subList(workspace, workspace + 5))
        .containsExactly("--bind", "/w/p1", "/compile", "--chdir", "/compile");
    assertThat(bwrap.stream().filter("--bind"::equals)).hasSize(1);
    assertThat(bwrap.subList(bwrap.size() - 2, bwrap.size()))
        .as("the root is made read-only after every mount point exists")
        .containsExactly("--remount-ro", "/");
  }

  @Test
  void endsWithTheCommandAfterADoubleDash() {
    List<String> argv = argv();

    assertThat(argv.subList(argv.size() - 4, argv.size()))
        .containsExactly("--", "latexmk", "-norc", "main.tex");
  }

  @Test
  void leavesOutOptionsAnOlderBwrapDoesNotKnow() {
    List<String> argv =
        new BubblewrapCommandLine(
                settings, new BubblewrapCommandLine.Features(false, false), MERGED_USR)
            .argv(60000, Path.of("/w/p1"), command);

    assertThat(argv).doesNotContain("--size", "--disable-userns").contains("--tmpfs");
  }

  @Test
  void detectsFeaturesFromTheHelpText() {
    assertThat(BubblewrapCommandLine.Features.fromHelp("--size BYTES\n--disable-userns"))
        .isEqualTo(new BubblewrapCommandLine.Features(true, true));
    assertThat(BubblewrapCommandLine.Features.fromHelp("--tmpfs DEST"))
        .isEqualTo(new BubblewrapCommandLine.Features(false, false));
  }

  @Test
  void mirrorsTheHostsMergedUsrLinksAndBindsRealDirectories(@TempDir Path host) throws IOException {
    Files.createDirectories(host.resolve("usr/bin"));
    Files.createSymbolicLink(host.resolve("bin"), Path.of("usr/bin"));
    Files.createDirectory(host.resolve("lib64"));

    assertThat(BubblewrapCommandLine.rootEntries(host))
        .containsExactly(
            "--symlink",
            "usr/bin",
            "/bin",
            "--ro-bind",
            host.resolve("lib64").toString(),
            "/lib64");
  }

  @Test
  void refusesSettingsThatWouldMountTheHostsSecrets() {
    for (String forbidden : List.of("/", "/etc", "/etc/", "/root", "/home")) {
      assertThatThrownBy(() -> withReadOnly(Path.of(forbidden)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> withReadOnly(Path.of("etc/texmf")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private SandboxSettings.Bubblewrap withReadOnly(Path path) {
    return new SandboxSettings.Bubblewrap(
        settings.bwrap(),
        settings.setpriv(),
        settings.prlimit(),
        settings.baseUid(),
        settings.slots(),
        List.of(path),
        settings.tmpBytes(),
        settings.probeTimeout());
  }

  private static List<String> bwrapOptions(List<String> argv) {
    int start = argv.indexOf("/usr/bin/bwrap");
    int end = argv.lastIndexOf("--");
    return argv.subList(start + 1, end);
  }
}
