package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerContainerSpecTest {
  private static final long GIB = 1L << 30;

  private final SandboxSettings.Docker settings =
      new SandboxSettings.Docker(
          null,
          List.of("quire/texlive:2024", "quire/texlive:2022"),
          "1000:1000",
          Path.of("/var/lib/quire/workspaces"),
          Path.of("/srv/quire/workspaces"),
          64L << 20,
          4096,
          Duration.ofSeconds(5));
  private final SandboxLimits limits =
      new SandboxLimits(GIB, 128, 512L << 20, Duration.ofSeconds(185), 2 << 20, 1.5);

  private SandboxCommand command(String image) {
    return new SandboxCommand(
        Path.of("/var/lib/quire/workspaces/p1/sources"),
        List.of("latexmk", "-norc", "-pdf", "main.tex"),
        Map.of("PATH", "/usr/bin:/bin", "openin_any", "p"),
        Duration.ofSeconds(180),
        limits,
        image);
  }

  private HostConfig host() {
    return DockerContainerSpec.of(command("quire/texlive:2024"), settings).hostConfig();
  }

  @Test
  void hasNoNetwork() {
    CreateContainerCmd create = created();

    assertThat(host().getNetworkMode()).isEqualTo("none");
    assertThat(create.isNetworkDisabled()).isTrue();
  }

  @Test
  void dropsEveryCapabilityForbidsPrivilegeGainAndIsNotPrivileged() {
    assertThat(host().getCapDrop()).containsExactly(Capability.ALL);
    assertThat(host().getCapAdd()).isNullOrEmpty();
    assertThat(host().getSecurityOpts()).containsExactly("no-new-privileges");
    assertThat(host().getPrivileged()).isFalse();
  }

  @Test
  void runsAsTheConfiguredNonRootUser() {
    assertThat(created().getUser()).isEqualTo("1000:1000");
  }

  @Test
  void hasAReadOnlyRootAndASmallNoexecTmp() {
    assertThat(host().getReadonlyRootfs()).isTrue();
    assertThat(host().getTmpFs())
        .containsExactly(Map.entry("/tmp", "rw,noexec,nosuid,nodev,size=67108864"));
  }

  @Test
  void limitsMemoryWithoutSwapPidsAndCpu() {
    assertThat(host().getMemory()).isEqualTo(GIB);
    assertThat(host().getMemorySwap()).as("memory + swap = memory: no swap").isEqualTo(GIB);
    assertThat(host().getPidsLimit()).isEqualTo(128L);
    assertThat(host().getNanoCPUs()).isEqualTo(1_500_000_000L);
    assertThat(host().getCpuShares())
        .as("normal priority: Docker's default weight")
        .isEqualTo(1024);
  }

  @Test
  void aLowPriorityCompileGetsASmallerCpuWeight() {
    SandboxCommand normal = command("quire/texlive:2024");
    SandboxCommand background =
        new SandboxCommand(
            normal.workspace(),
            normal.argv(),
            normal.environment(),
            normal.timeout(),
            limits.withNiceness(10),
            normal.image());

    assertThat(DockerContainerSpec.of(background, settings).hostConfig().getCpuShares())
        .isEqualTo(256);
  }

  @Test
  void setsCpuFileSizeProcessAndCoreUlimits() {
    assertThat(host().getUlimits())
        .extracting(Ulimit::getName, Ulimit::getSoftLong, Ulimit::getHardLong)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("cpu", 185L, 185L),
            org.assertj.core.groups.Tuple.tuple("fsize", 512L << 20, 512L << 20),
            org.assertj.core.groups.Tuple.tuple("nproc", 4096L, 4096L),
            org.assertj.core.groups.Tuple.tuple("core", 0L, 0L));
  }

  @Test
  void mountsOnlyTheWorkspaceReadWriteAtCompileUnderItsHostPath() {
    assertThat(host().getBinds()).hasSize(1);
    var bind = host().getBinds()[0];
    assertThat(bind.getPath()).isEqualTo("/srv/quire/workspaces/p1/sources");
    assertThat(bind.getVolume().getPath()).isEqualTo("/compile");
    assertThat(bind.getAccessMode()).isEqualTo(AccessMode.rw);
    assertThat(host().getVolumesFrom()).isNullOrEmpty();
    assertThat(host().getDevices()).isNullOrEmpty();
    assertThat(created().getWorkingDir()).isEqualTo("/compile");
  }

  @Test
  void passesExactlyTheCommandsEnvironmentAndArgv() {
    CreateContainerCmd create = created();

    assertThat(create.getEnv()).containsExactly("PATH=/usr/bin:/bin", "openin_any=p");
    assertThat(create.getEntrypoint()).containsExactly("latexmk");
    assertThat(create.getCmd()).containsExactly("-norc", "-pdf", "main.tex");
    assertThat(create.getImage()).isEqualTo("quire/texlive:2024");
  }

  @Test
  void writesNoEngineLogsAndIsRemovedByTheSandboxNotTheEngine() {
    assertThat(host().getLogConfig().getType()).isEqualTo(LogConfig.LoggingType.NONE);
    assertThat(host().getAutoRemove()).isFalse();
    assertThat(created().getLabels()).containsEntry("io.quire.sandbox", "compile");
    assertThat(created().isTty()).isFalse();
    assertThat(created().isStdinOpen()).isFalse();
  }

  @Test
  void usesTheFirstAllowedImageWhenTheCommandNamesNone() {
    assertThat(DockerContainerSpec.of(command(null), settings).image())
        .isEqualTo("quire/texlive:2024");
    assertThat(DockerContainerSpec.of(command("quire/texlive:2022"), settings).image())
        .isEqualTo("quire/texlive:2022");
  }

  @Test
  void refusesAnImageOutsideTheAllowList() {
    assertThatThrownBy(() -> DockerContainerSpec.of(command("ubuntu:latest"), settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ubuntu:latest");
  }

  @Test
  void mapsWorkspacePathsOnlyInsideTheWorkspaceRoot() {
    assertThat(
            DockerContainerSpec.hostWorkspace(Path.of("/var/lib/quire/workspaces/a/b"), settings))
        .isEqualTo("/srv/quire/workspaces/a/b");
    assertThatThrownBy(
            () ->
                DockerContainerSpec.hostWorkspace(
                    Path.of("/var/lib/quire/workspaces/../secrets"), settings))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> DockerContainerSpec.hostWorkspace(Path.of("/var/lib/quire/workspaces"), settings))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usesTheWorkersPathWhenNoRootIsConfigured() {
    assertThat(
            DockerContainerSpec.hostWorkspace(
                Path.of("/data/ws/p1"), SandboxSettings.Docker.defaults()))
        .isEqualTo("/data/ws/p1");
  }

  @Test
  void refusesARootUser() {
    assertThatThrownBy(
            () ->
                new SandboxSettings.Docker(
                    null, List.of("i"), "0:0", null, null, 1, 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private CreateContainerCmd created() {
    CreateContainerCmd create =
        new CreateContainerCmdImpl(
            cmd -> {
              throw new UnsupportedOperationException("no engine in unit tests");
            },
            null,
            "placeholder");
    return DockerContainerSpec.of(command("quire/texlive:2024"), settings).applyTo(create);
  }
}
