package io.quire.compile.tools;

import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.contract.ManifestEntry;
import io.quire.compile.workspace.Workspace;
import io.quire.compile.workspace.WorkspaceSync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scratch copies of projects' TeX sources for word counts and checks, apart from the compile
 * workspaces.
 *
 * <p>Why not the compile workspace under the project lock: that lock is held for a whole compile,
 * up to the compile timeout, and a word count must answer in about a second; and a check must never
 * see a workspace while latexmk rewrites it. The copy is synced incrementally by hash with the same
 * {@link WorkspaceSync} as compiles, so after the first question only edited files are fetched.
 * Only text sources are copied (no images, PDFs or fonts: texcount and chktex never read them),
 * which keeps the copy small. The copy is local to this worker, so a local lock per project is
 * enough to keep two questions from syncing it at once.
 */
public final class SourceWorkspaces {
  private static final Logger LOG = LoggerFactory.getLogger(SourceWorkspaces.class);
  private static final Duration EVICTION_INTERVAL = Duration.ofHours(1);
  private static final int STRIPES = 64;

  /** Files no TeX source tool reads; everything else is copied, whatever its extension. */
  private static final Set<String> NOT_SOURCES =
      Set.of(
          "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "pdf", "eps", "ps", "svg",
          "otf", "ttf", "pfb", "woff", "woff2", "zip", "gz", "tgz", "tar", "xz", "bz2", "mp3",
          "mp4", "mov", "wav", "docx", "xlsx", "pptx");

  private final WorkspaceSync sync;
  private final Path root;
  private final Duration idle;
  private final Clock clock;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final AtomicReference<Instant> nextEviction;

  /**
   * @param sync a {@link WorkspaceSync} over {@code root}
   * @param root where the copies live, one directory per project
   * @param idle copies unused for this long are deleted
   */
  public SourceWorkspaces(WorkspaceSync sync, Path root, Duration idle, Clock clock) {
    this.sync = sync;
    this.root = root;
    this.idle = idle;
    this.clock = clock;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    this.nextEviction = new AtomicReference<>(clock.instant());
  }

  /** Whether a tool over TeX sources can read the file at all. */
  static boolean isSource(String path) {
    int dot = path.lastIndexOf('.');
    int slash = path.lastIndexOf('/');
    if (dot <= slash) {
      return true;
    }
    return !NOT_SOURCES.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Brings the project's copy to the manifest's state and runs {@code action} over it, with no
   * other question of the project in between.
   *
   * @throws ToolException when {@code file} is not a source file of the manifest
   */
  <T> T withSources(
      String projectId, List<ManifestEntry> manifest, String file, Function<Workspace, T> action) {
    if (manifest.stream().noneMatch(e -> e.path().equals(file))) {
      throw new ToolException(
          ToolFailure.Reason.NOT_FOUND, "There is no file " + file + " in the project.");
    }
    if (!isSource(file)) {
      throw new ToolException(
          ToolFailure.Reason.INVALID, file + " is not a TeX source file; choose a .tex file.");
    }
    List<ManifestEntry> sources = manifest.stream().filter(e -> isSource(e.path())).toList();
    ReentrantLock lock = lockOf(projectId);
    lock.lock();
    try {
      ScratchDirectories.ensureTraversable(root);
      Workspace workspace = sync.sync(projectId, sources).workspace();
      return action.apply(workspace);
    } catch (IOException e) {
      throw new ToolException(
          ToolFailure.Reason.FAILED, "Could not prepare the sources of project " + projectId, e);
    } finally {
      lock.unlock();
      evictIdleNowAndThen();
    }
  }

  /** Deletes copies unused for longer than the idle time, at most once an interval. */
  void evictIdleNowAndThen() {
    Instant now = clock.instant();
    Instant due = nextEviction.get();
    if (now.isBefore(due) || !nextEviction.compareAndSet(due, now.plus(EVICTION_INTERVAL))) {
      return;
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> projects = Files.list(root)) {
      for (Path dir : projects.toList()) {
        evictIfIdle(dir.getFileName().toString(), now);
      }
    } catch (IOException e) {
      LOG.warn("Could not look for idle source copies in {}", root, e);
    }
  }

  private void evictIfIdle(String projectId, Instant now) {
    ReentrantLock lock = lockOf(projectId);
    if (!lock.tryLock()) {
      return; // in use right now, so not idle
    }
    try {
      Path record = new Workspace(sync.workspaceRoot(projectId), null, false).syncRecord();
      Instant used =
          Files.exists(record, LinkOption.NOFOLLOW_LINKS)
              ? Files.getLastModifiedTime(record, LinkOption.NOFOLLOW_LINKS).toInstant()
              : Instant.EPOCH;
      if (used.plus(idle).isBefore(now)) {
        sync.delete(projectId);
        LOG.info("Deleted the source copy of project {}, unused since {}", projectId, used);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not delete the idle source copy of project {}", projectId, e);
    } finally {
      lock.unlock();
    }
  }

  private ReentrantLock lockOf(String projectId) {
    return locks[Math.floorMod(projectId.hashCode(), STRIPES)];
  }
}
