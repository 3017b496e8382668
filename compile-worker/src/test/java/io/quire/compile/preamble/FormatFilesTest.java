package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.MessageCodec;
import io.quire.compile.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workspace's format files, with what a hostile sandbox run may have left in their place. */
class FormatFilesTest {
  @TempDir Path root;
  @TempDir Path host;

  private final FormatFiles files = new FormatFiles(new MessageCodec().mapper());
  private Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    workspace = new Workspace(root, Files.createDirectories(root.resolve("src")), false);
  }

  @Test
  void anInstalledFormatReplacesTheOthersAndItsRecordIsReadBack() throws Exception {
    Path dir = Files.createDirectories(workspace.sources().resolve(".quire-formats"));
    Files.write(dir.resolve("old.fmt"), new byte[] {1});
    FormatRecord record = record("new", 3);

    files.install(workspace, record, new byte[] {7, 8, 9});

    assertThat(dir.resolve("new.fmt")).hasBinaryContent(new byte[] {7, 8, 9});
    assertThat(dir.resolve("old.fmt")).doesNotExist();
    assertThat(files.localRecord(workspace)).contains(record);
    assertThat(FormatFiles.formatFileMatches(workspace, record)).isTrue();
    assertThat(FormatFiles.formatFileMatches(workspace, record("new", 4))).isFalse();
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void aFormatDirectoryTheSandboxReplacedByALinkIsNeverWrittenThrough() throws Exception {
    Files.createSymbolicLink(workspace.sources().resolve(".quire-formats"), host);

    assertThat(FormatFiles.formatFileMatches(workspace, record("k", 3))).isFalse();
    files.install(workspace, record("k", 3), new byte[] {1, 2, 3});

    assertThat(host).isEmptyDirectory();
    assertThat(workspace.sources().resolve(".quire-formats/k.fmt")).hasSize(3);
  }

  @Test
  void aDumpedFormatIsPlacedFromTheBuildDirectoryWhichIsThenEmptied() throws Exception {
    Path build = FormatFiles.prepareBuildDir(workspace.sources());
    Files.write(build.resolve("output.fmt"), new byte[] {4, 5});
    Files.createDirectories(build.resolve("probe-plain"));
    Files.writeString(build.resolve("probe-plain/output.log"), "log");

    Path placed = files.place(workspace, build.resolve("output.fmt"), record("k2", 2));
    FormatFiles.clearBuildDir(workspace.sources());

    assertThat(placed).isEqualTo(workspace.sources().resolve(".quire-formats/k2.fmt"));
    assertThat(placed).hasBinaryContent(new byte[] {4, 5});
    assertThat(build).isEmptyDirectory();
    assertThat(files.localRecord(workspace)).get().extracting(FormatRecord::key).isEqualTo("k2");
  }

  @Test
  void aBuildDirectoryThatIsALinkIsReplacedNotEmptiedThroughTheLink() throws Exception {
    Path kept = Files.writeString(host.resolve("kept"), "kept");
    Files.createDirectories(workspace.sources().resolve(".quire-formats"));
    Files.createSymbolicLink(workspace.sources().resolve(".quire-formats/build"), host);

    FormatFiles.clearBuildDir(workspace.sources());
    assertThat(kept).exists();

    Path build = FormatFiles.prepareBuildDir(workspace.sources());
    assertThat(SafeFiles.isRealDirectory(build)).isTrue();
    assertThat(build).isEmptyDirectory();
    assertThat(kept).hasContent("kept");
  }

  @Test
  void anUnreadableRecordIsNoRecord() throws Exception {
    assertThat(files.localRecord(workspace)).isEmpty();
    Files.writeString(root.resolve("format.json"), "{not json");
    assertThat(files.localRecord(workspace)).isEmpty();
  }

  @Test
  void theFormatNameIsUnderTheFormatDirectory() {
    assertThat(FormatFiles.formatName("abc")).isEqualTo(".quire-formats/abc");
  }

  private static FormatRecord record(String key, long size) {
    return new FormatRecord(key, Map.of("my.sty", "ab"), size, Instant.EPOCH, "worker-1");
  }
}
