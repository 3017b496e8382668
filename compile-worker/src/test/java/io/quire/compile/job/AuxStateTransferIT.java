package io.quire.compile.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.contract.MessageCodec;
import io.quire.compile.Jobs;
import io.quire.compile.LocalRedis;
import io.quire.compile.workspace.Workspace;
import io.quire.compile.workspace.WorkspaceSync.SyncReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's warm state carried from one worker's workspace to another's through the real local
 * Redis (no broker: the transfer is the store and the workspace's files).
 */
class AuxStateTransferIT {
  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  @TempDir Path first;
  @TempDir Path second;

  private final String project = "p" + UUID.randomUUID().toString().substring(0, 8);
  private CompileStore store;
  private AuxStateTransfer transfer;

  private static final List<ManifestEntry> MANIFEST =
      List.of(
          new ManifestEntry("main.tex", "a".repeat(64), 10),
          new ManifestEntry("refs.bib", "b".repeat(64), 10));
  private static final Set<String> FILES = Set.of("main.tex", "refs.bib");

  @org.junit.jupiter.api.BeforeEach
  void setUp() {
    store =
        new CompileStore(
            REDIS.client(),
            new MessageCodec().mapper(),
            LocalRedis.namespace(),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5));
    transfer = new AuxStateTransfer(store, Duration.ofMinutes(5));
  }

  @Test
  void aFreshWorkspaceStartsFromTheSavedStateAndKnowsWhatChangedSince() throws IOException {
    Workspace warm = workspace(first, false);
    Files.writeString(warm.sources().resolve("output.aux"), "\\relax\n");
    Files.writeString(warm.sources().resolve("output.bbl"), "\\begin{thebibliography}{1}");
    Files.writeString(warm.sources().resolve("main.tex"), "project file, never packed");
    String signature = DirectRun.signature(Jobs.pdflatex("main.tex", 60));
    new LastRun(signature, true, 1).write(warm.root());
    transfer.save(job(MANIFEST), warm, FILES, 1);

    Workspace fresh = workspace(second, true);
    List<ManifestEntry> edited =
        List.of(MANIFEST.get(0), new ManifestEntry("refs.bib", "c".repeat(64), 10));
    DirectRun.Since since =
        transfer.restoreIfFresh(
            job(edited), report(fresh, Set.of("main.tex", "refs.bib")), FILES, null);

    assertThat(fresh.sources().resolve("output.aux")).hasContent("\\relax\n");
    assertThat(fresh.sources().resolve("output.bbl")).exists();
    assertThat(fresh.sources().resolve("main.tex")).doesNotExist();
    assertThat(since.last()).isEqualTo(new LastRun(signature, true, 1));
    assertThat(since.changed()).containsExactly("refs.bib");
  }

  @Test
  void aWorkspaceThisWorkerAlreadyHasKeepsItsOwnLastRun() throws IOException {
    Workspace warm = workspace(first, false);
    Files.writeString(warm.sources().resolve("output.aux"), "saved");
    transfer.save(job(MANIFEST), warm, FILES, 1);
    LastRun own = new LastRun("own", true, 0);

    Workspace kept = workspace(second, false);
    DirectRun.Since since =
        transfer.restoreIfFresh(job(MANIFEST), report(kept, Set.of("main.tex")), FILES, own);

    assertThat(since).isEqualTo(new DirectRun.Since(own, Set.of("main.tex")));
    assertThat(kept.sources().resolve("output.aux")).doesNotExist();
  }

  @Test
  void withoutASavedStateOrWithARecordOfAnotherArchiveLatexmkDecides() throws IOException {
    Workspace fresh = workspace(second, true);
    assertThat(transfer.restoreIfFresh(job(MANIFEST), report(fresh, FILES), FILES, null))
        .isEqualTo(new DirectRun.Since(null, FILES));

    Workspace warm = workspace(first, false);
    Files.writeString(warm.sources().resolve("output.aux"), "one");
    new LastRun("sig", true, 0).write(warm.root());
    transfer.save(job(MANIFEST), warm, FILES, 1);
    String record = store.runRecord(project).orElseThrow();
    // another archive under the same record: the record no longer describes the files restored
    Files.writeString(warm.sources().resolve("output.aux"), "two");
    store.saveAuxStateFenced(
        project,
        2,
        io.quire.compile.workspace.AuxState.packState(warm.sources(), FILES).archive(),
        record,
        Duration.ofMinutes(5));

    DirectRun.Since since =
        transfer.restoreIfFresh(job(MANIFEST), report(fresh, FILES), FILES, null);

    assertThat(fresh.sources().resolve("output.aux")).hasContent("two");
    assertThat(since.last()).isNull();
  }

  @Test
  void aWorkspaceWithoutARecordedRunIsSavedAsUnsettled() throws IOException {
    Workspace warm = workspace(first, false);
    Files.writeString(warm.sources().resolve("output.aux"), "\\relax\n");

    transfer.save(job(MANIFEST), warm, FILES, 1);

    RunRecord record = RunRecord.decode(store.runRecord(project).orElseThrow());
    assertThat(record.lastRun()).isEqualTo(new LastRun("", false, 0));
    assertThat(record.files()).containsOnlyKeys("main.tex", "refs.bib");
  }

  private CompileJob job(List<ManifestEntry> manifest) {
    return Jobs.job(project, Jobs.pdflatex("main.tex", 60), manifest);
  }

  private static Workspace workspace(Path root, boolean fresh) throws IOException {
    return new Workspace(root, Files.createDirectories(root.resolve("src")), fresh);
  }

  private static SyncReport report(Workspace workspace, Set<String> changed) {
    return new SyncReport(workspace, changed.size(), 0, 0, changed);
  }
}
