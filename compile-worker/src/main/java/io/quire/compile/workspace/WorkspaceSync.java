package io.quire.compile.workspace;

import io.quire.common.blob.BlobStore;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.messaging.NonRetryableJobException;
import io.quire.common.project.ProjectPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings a workspace to the state of a manifest, touching only what changed.
 *
 * <p>The sandboxed compile can write anything into its workspace, including symbolic links and
 * changes to project files. So: a file is rewritten when its size or modification time differ from
 * what this worker wrote; every path component is checked and symbolic links are removed before a
 * write, so the worker (which is more privileged than the sandbox) never writes through a link.
 */
public final class WorkspaceSync {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceSync.class);
  private static final TypeReference<Map<String, SyncedFile>> RECORD_TYPE =
      new TypeReference<>() {};

  private final Path workspacesDir;
  private final BlobStore blobs;
  private final JsonMapper json;

  /** What this worker wrote for a path. */
  record SyncedFile(String sha256, long size, long modifiedMillis) {}

  /**
   * What a sync did, for timings and tests.
   *
   * @param changed the paths written or deleted by this sync
   */
  public record SyncReport(
      Workspace workspace, int fetched, int deleted, int unchanged, Set<String> changed) {}

  public WorkspaceSync(Path workspacesDir, BlobStore blobs, JsonMapper json) {
    this.workspacesDir = workspacesDir;
    this.blobs = blobs;
    this.json = json;
  }

  public Path workspaceRoot(String projectId) {
    if (!projectId.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new NonRetryableJobException("invalid project id: " + projectId);
    }
    return workspacesDir.resolve(projectId);
  }

  public SyncReport sync(String projectId, List<ManifestEntry> manifest) {
    Path root = workspaceRoot(projectId);
    Path sources = root.resolve("src");
    try {
      boolean fresh = !Files.isDirectory(sources, LinkOption.NOFOLLOW_LINKS);
      Files.createDirectories(sources);
      Workspace workspace = new Workspace(root, sources, fresh);
      Map<String, SyncedFile> previous = readRecord(workspace);
      Map<String, SyncedFile> now = new HashMap<>();
      int fetched = 0;
      int unchanged = 0;
      Set<String> changed = new HashSet<>();
      for (ManifestEntry entry : manifest) {
        if (!ProjectPaths.isSafe(entry.path())) {
          throw new NonRetryableJobException("unsafe path in manifest: " + entry.path());
        }
        Path target = ProjectPaths.resolve(sources, entry.path());
        SyncedFile known = previous.get(entry.path());
        if (known != null && known.sha256().equals(entry.sha256()) && matches(target, known)) {
          now.put(entry.path(), known);
          unchanged++;
          continue;
        }
        now.put(entry.path(), write(sources, target, entry));
        changed.add(entry.path());
        fetched++;
      }
      int deleted = 0;
      for (String gone : previous.keySet()) {
        if (!now.containsKey(gone) && ProjectPaths.isSafe(gone)) {
          Path target = ProjectPaths.resolve(sources, gone);
          removeLinksOnTheWay(sources, target);
          if (Files.deleteIfExists(target)) {
            deleted++;
          }
          changed.add(gone);
        }
      }
      json.writeValue(workspace.syncRecord().toFile(), now);
      return new SyncReport(workspace, fetched, deleted, unchanged, Set.copyOf(changed));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync workspace of " + projectId, e);
    }
  }

  /** Removes a project's workspace, e.g. when the project was deleted. */
  public void delete(String projectId) throws IOException {
    Path root = workspaceRoot(projectId);
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      FileTrees.deleteRecursively(root);
    }
  }

  private SyncedFile write(Path sources, Path target, ManifestEntry entry) throws IOException {
    removeLinksOnTheWay(sources, target);
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".sync-", ".tmp");
    try (InputStream in =
        blobs
            .open(entry.sha256())
            .orElseThrow(
                () ->
                    new NonRetryableJobException(
                        "blob " + entry.sha256() + " of " + entry.path() + " is missing"))) {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    BasicFileAttributes attributes =
        Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    LOG.debug("Fetched {} ({} bytes)", entry.path(), attributes.size());
    return new SyncedFile(
        entry.sha256(), attributes.size(), attributes.lastModifiedTime().toMillis());
  }

  /**
   * Makes every existing component between the sources root and the target a real directory (and
   * the target itself not a link or directory), deleting what the sandbox may have put there.
   */
  private static void removeLinksOnTheWay(Path sources, Path target) throws IOException {
    Path current = sources;
    for (Path segment : sources.relativize(target)) {
      current = current.resolve(segment);
      boolean last = current.equals(target);
      if (Files.isSymbolicLink(current)) {
        Files.delete(current);
      } else if (!last
          && Files.exists(current, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(current);
      } else if (last && Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        FileTrees.deleteRecursively(current);
      }
    }
  }

  private static boolean matches(Path target, SyncedFile known) throws IOException {
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    BasicFileAttributes attributes =
        Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return attributes.size() == known.size()
        && attributes.lastModifiedTime().toMillis() == known.modifiedMillis();
  }

  private Map<String, SyncedFile> readRecord(Workspace workspace) {
    Path record = workspace.syncRecord();
    if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
      return Map.of();
    }
    try {
      return json.readValue(record.toFile(), RECORD_TYPE);
    } catch (RuntimeException e) {
      LOG.warn("Unreadable sync record {}; resyncing everything", record, e);
      return Map.of();
    }
  }
}
