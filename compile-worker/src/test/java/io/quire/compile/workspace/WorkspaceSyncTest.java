package io.quire.compile.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.common.blob.BlobStore;
import io.quire.common.blob.Hashes;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.messaging.NonRetryableJobException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class WorkspaceSyncTest {
  @TempDir Path workspaces;
  @TempDir Path outside;

  private final CountingBlobs blobs = new CountingBlobs();
  private WorkspaceSync sync;

  @BeforeEach
  void create() {
    sync = new WorkspaceSync(workspaces, blobs, JsonMapper.builder().build());
  }

  @Test
  void aSecondSyncFetchesOnlyWhatChangedAndDeletesWhatIsGone() throws Exception {
    ManifestEntry main = entry("main.tex", "\\documentclass{article}");
    ManifestEntry intro = entry("chapters/intro.tex", "intro");
    ManifestEntry old = entry("old.tex", "old");
    sync.sync("p1", List.of(main, intro, old));
    blobs.reads.clear();

    ManifestEntry newIntro = entry("chapters/intro.tex", "intro, edited");
    var report = sync.sync("p1", List.of(main, newIntro));

    assertThat(report.fetched()).isEqualTo(1);
    assertThat(report.unchanged()).isEqualTo(1);
    assertThat(report.deleted()).isEqualTo(1);
    assertThat(blobs.reads).containsExactly(newIntro.sha256());
    Path sources = report.workspace().sources();
    assertThat(sources.resolve("chapters/intro.tex")).hasContent("intro, edited");
    assertThat(sources.resolve("old.tex")).doesNotExist();
  }

  @Test
  void generatedFilesOfThePreviousRunAreKept() throws Exception {
    ManifestEntry main = entry("main.tex", "x");
    Path sources = sync.sync("p2", List.of(main)).workspace().sources();
    Files.writeString(sources.resolve("output.aux"), "\\relax");

    sync.sync("p2", List.of(main));

    assertThat(sources.resolve("output.aux")).hasContent("\\relax");
  }

  @Test
  void theFormatsOfThePreambleCacheAreNeitherSyncedNorDeleted() throws Exception {
    ManifestEntry main = entry("main.tex", "x");
    ManifestEntry style = entry("mystyle.sty", "y");
    Path sources = sync.sync("p2f", List.of(main, style)).workspace().sources();
    Path format = Files.createDirectories(sources.resolve(".quire-formats")).resolve("k.fmt");
    Files.writeString(format, "format bytes");

    sync.sync("p2f", List.of(main));

    assertThat(format).hasContent("format bytes");
    assertThat(sources.resolve("mystyle.sty")).doesNotExist();
  }

  @Test
  void aProjectFileTheCompileChangedIsFetchedAgain() throws Exception {
    ManifestEntry main = entry("main.tex", "the real text");
    Path sources = sync.sync("p3", List.of(main)).workspace().sources();
    Files.writeString(sources.resolve("main.tex"), "overwritten by the document itself");

    var report = sync.sync("p3", List.of(main));

    assertThat(report.fetched()).isEqualTo(1);
    assertThat(sources.resolve("main.tex")).hasContent("the real text");
  }

  @Test
  void aSymlinkPlantedInTheWorkspaceIsReplacedAndItsTargetNeverWritten() throws Exception {
    ManifestEntry main = entry("main.tex", "x");
    ManifestEntry figure = entry("figures/a.tex", "figure");
    Path sources = sync.sync("p4", List.of(main)).workspace().sources();
    Path victim = Files.writeString(outside.resolve("victim.txt"), "precious");
    Files.createSymbolicLink(sources.resolve("figures"), outside);
    Files.createSymbolicLink(sources.resolve("main.tex.tmp"), victim);

    sync.sync("p4", List.of(main, figure));

    assertThat(Files.isSymbolicLink(sources.resolve("figures"))).isFalse();
    assertThat(sources.resolve("figures/a.tex")).hasContent("figure");
    assertThat(outside.resolve("a.tex")).doesNotExist();
    assertThat(victim).hasContent("precious");
  }

  @Test
  void aManifestPathThatLeavesTheWorkspaceIsRefused() {
    ManifestEntry evil = new ManifestEntry("../../etc/cron.d/x", Hashes.sha256("x"), 1);

    assertThatThrownBy(() -> sync.sync("p5", List.of(evil)))
        .isInstanceOf(NonRetryableJobException.class)
        .hasMessageContaining("unsafe path");
  }

  @Test
  void aFreshWorkspaceIsReportedAsFreshOnlyOnce() {
    ManifestEntry main = entry("main.tex", "x");

    assertThat(sync.sync("p6", List.of(main)).workspace().fresh()).isTrue();
    assertThat(sync.sync("p6", List.of(main)).workspace().fresh()).isFalse();
  }

  private ManifestEntry entry(String path, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new ManifestEntry(path, blobs.put(bytes), bytes.length);
  }

  /** An in-memory blob store that records reads (a test double of the GridFS store). */
  private static final class CountingBlobs implements BlobStore {
    final Map<String, byte[]> content = new HashMap<>();
    final List<String> reads = new ArrayList<>();

    @Override
    public String put(byte[] bytes) {
      String hash = Hashes.sha256(bytes);
      content.put(hash, bytes);
      return hash;
    }

    @Override
    public Optional<byte[]> get(String sha256) {
      reads.add(sha256);
      return Optional.ofNullable(content.get(sha256));
    }

    @Override
    public Optional<InputStream> open(String sha256) {
      reads.add(sha256);
      return Optional.ofNullable(content.get(sha256)).map(ByteArrayInputStream::new);
    }

    @Override
    public boolean exists(String sha256) {
      return content.containsKey(sha256);
    }

    @Override
    public io.quire.common.blob.BlobUpload create(String area, String name) {
      throw new UnsupportedOperationException("the workspace sync writes no named objects");
    }

    @Override
    public Optional<InputStream> open(String area, String name) {
      throw new UnsupportedOperationException("the workspace sync reads no named objects");
    }

    @Override
    public void delete(String area, String name) {
      throw new UnsupportedOperationException("the workspace sync deletes nothing");
    }

    @Override
    public String checkAccess() {
      return "in memory";
    }
  }
}
