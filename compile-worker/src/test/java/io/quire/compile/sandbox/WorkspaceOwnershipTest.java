package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceOwnershipTest {
  @TempDir Path tmp;

  @BeforeEach
  void onlyRootMayChown() throws IOException {
    assumeTrue(uid(Path.of("/proc/self")) == 0, "changing owners needs root");
  }

  @Test
  void handsEveryEntryToTheSlotUidAndMakesTheTopPrivate() throws IOException {
    Path workspace = Files.createDirectories(tmp.resolve("ws/chapters"));
    Files.writeString(workspace.resolve("one.tex"), "x");
    Path top = tmp.resolve("ws");

    WorkspaceOwnership.handTo(top, 60010);

    assertThat(uid(top)).isEqualTo(60010);
    assertThat(uid(workspace)).isEqualTo(60010);
    assertThat(uid(workspace.resolve("one.tex"))).isEqualTo(60010);
    assertThat(Files.getAttribute(workspace.resolve("one.tex"), "unix:gid")).isEqualTo(60010);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(top)))
        .isEqualTo("rwx------");
  }

  @Test
  void givenASymlinkToAHostFileItChangesTheLinkNeverTheTarget() throws IOException {
    Path hostFile = Files.writeString(tmp.resolve("host-secret"), "secret");
    Path hostDir = Files.createDirectory(tmp.resolve("host-dir"));
    Path workspace = Files.createDirectory(tmp.resolve("ws"));
    Files.createSymbolicLink(workspace.resolve("leak.tex"), hostFile);
    Files.createSymbolicLink(workspace.resolve("leakdir"), hostDir);

    WorkspaceOwnership.handTo(workspace, 60011);

    assertThat(uid(workspace.resolve("leak.tex"))).isEqualTo(60011);
    assertThat(uid(hostFile)).isZero();
    assertThat(uid(hostDir)).isZero();
  }

  @Test
  void explainsWhichParentTheSandboxUidCannotSearch() throws IOException {
    Path closed = Files.createDirectory(tmp.resolve("closed"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    Path workspace = Files.createDirectory(closed.resolve("ws"));

    assertThatThrownBy(() -> WorkspaceOwnership.checkReachable(workspace))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(closed + " is not searchable by others");
  }

  private static int uid(Path path) throws IOException {
    return (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }
}
