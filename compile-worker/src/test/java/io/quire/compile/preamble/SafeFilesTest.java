package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.blob.Hashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cache reads and writes in a workspace the sandbox may have filled with links. */
class SafeFilesTest {
  @TempDir Path sources;
  @TempDir Path host;

  @Test
  void aPlainFileIsHashedAndItsInputsMatchUntilItChanges() throws Exception {
    Files.createDirectories(sources.resolve("styles"));
    Files.writeString(sources.resolve("styles/my.sty"), "\\ProvidesPackage{my}");
    String hash = Hashes.sha256("\\ProvidesPackage{my}".getBytes(StandardCharsets.UTF_8));

    assertThat(SafeFiles.hash(sources, "styles/my.sty")).contains(hash);
    assertThat(SafeFiles.inputsMatch(sources, Map.of("styles/my.sty", hash))).isTrue();

    Files.writeString(sources.resolve("styles/my.sty"), "changed");
    assertThat(SafeFiles.inputsMatch(sources, Map.of("styles/my.sty", hash))).isFalse();
    assertThat(SafeFiles.inputsMatch(sources, Map.of("gone.sty", hash))).isFalse();
  }

  @Test
  void linksAndPathsLeavingTheWorkspaceAreNeverHashed() throws Exception {
    Path secret = Files.writeString(host.resolve("secret.sty"), "secret");
    Files.createSymbolicLink(sources.resolve("link.sty"), secret);
    Files.createSymbolicLink(sources.resolve("dir"), host);

    assertThat(SafeFiles.hash(sources, "link.sty")).isEmpty();
    assertThat(SafeFiles.hash(sources, "dir/secret.sty")).isEmpty();
    assertThat(SafeFiles.hash(sources, "../" + host.getFileName() + "/secret.sty")).isEmpty();
    assertThat(SafeFiles.hash(sources, "missing.sty")).isEmpty();
  }

  @Test
  void aFileIsReadOnlyWhenPlainInsideItsDirectoryAndWithinTheLimit() throws Exception {
    Files.writeString(sources.resolve("small.log"), "log");
    Files.write(sources.resolve("large.log"), new byte[100]);
    Files.createSymbolicLink(
        sources.resolve("planted.log"), Files.writeString(host.resolve("x"), "host"));

    assertThat(SafeFiles.readRegular(sources, "small.log", 10)).get().isEqualTo("log".getBytes());
    assertThat(SafeFiles.readRegular(sources, "large.log", 10)).isEmpty();
    assertThat(SafeFiles.readRegular(sources, "planted.log", 10)).isEmpty();
    assertThat(SafeFiles.readRegular(sources, "none.log", 10)).isEmpty();
  }

  @Test
  void aDirectoryTheSandboxReplacedByALinkOrAFileBecomesARealOneAgain() throws Exception {
    Path target = Files.createDirectories(host.resolve("target"));
    Files.createSymbolicLink(sources.resolve("a"), target);
    Files.createDirectories(sources.resolve("b"));
    Files.writeString(sources.resolve("b/c"), "a file where a directory belongs");

    Path made = SafeFiles.realDirectory(sources, "a/x");
    Path other = SafeFiles.realDirectory(sources, "b/c");

    assertThat(made).isEqualTo(sources.resolve("a/x"));
    assertThat(Files.isDirectory(sources.resolve("a"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(SafeFiles.isRealDirectory(other)).isTrue();
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void deletingATreeRemovesItsLinksButNeverWhatTheyPointTo() throws Exception {
    Path kept = Files.writeString(host.resolve("kept"), "kept");
    Path tree = Files.createDirectories(sources.resolve("tree/deep"));
    Files.writeString(tree.resolve("file"), "x");
    Files.createSymbolicLink(tree.resolve("link"), host);
    Files.createSymbolicLink(sources.resolve("lone-link"), kept);

    SafeFiles.delete(sources.resolve("tree"));
    SafeFiles.delete(sources.resolve("lone-link"));

    assertThat(sources).isEmptyDirectory();
    assertThat(kept).hasContent("kept");
  }
}
