package io.quire.history.ingest;

import io.quire.common.blob.BlobStore;
import io.quire.common.collab.DocUpdate;
import io.quire.common.history.FileState;
import io.quire.common.history.TreeChange;
import io.quire.common.history.TreeChangeStore;
import io.quire.common.history.Version;
import io.quire.common.project.Doc;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a project's current files and the changes since the newest version. A document unchanged
 * since then (same update-log version) keeps its blob without being read; a changed one is read
 * (snapshot plus later updates), its text stored by hash, and its new updates name the authors.
 */
final class SnapshotReader {
  private final DocStore docs;
  private final BlobStore blobs;
  private final TreeChangeStore treeChanges;

  SnapshotReader(DocStore docs, BlobStore blobs, TreeChangeStore treeChanges) {
    this.docs = docs;
    this.blobs = blobs;
    this.treeChanges = treeChanges;
  }

  ProjectSnapshot read(Project project, Optional<Version> head) {
    Map<String, FileState> knownDocs = new HashMap<>();
    head.ifPresent(
        v -> v.files().stream().filter(FileState::isDoc).forEach(f -> knownDocs.put(f.docId(), f)));
    Map<String, Long> knownVersions = head.map(Version::docVersions).orElse(Map.of());

    List<FileState> files = new ArrayList<>();
    Map<String, Long> docVersions = new LinkedHashMap<>();
    Set<String> authors = new LinkedHashSet<>();
    Set<String> changedDocs = new HashSet<>();
    Instant[] span = {null, null};

    for (Entity entity : project.entities()) {
      switch (entity.kind()) {
        case FOLDER -> {}
        case FILE ->
            files.add(
                new FileState(entity.path(), FileState.FILE, entity.sha256(), entity.size(), null));
        case DOC -> {
          String docId = entity.docId();
          Long known = knownVersions.get(docId);
          FileState previous = knownDocs.get(docId);
          Optional<Doc> doc = docs.find(docId);
          if (doc.isEmpty()) {
            // deleted while we read the tree: the next job sees the tree without it
            if (previous != null) {
              files.add(moved(previous, entity.path()));
              docVersions.put(docId, known);
            }
            continue;
          }
          Doc current = doc.get();
          docVersions.put(docId, current.version());
          if (previous != null && known != null && known == current.version()) {
            files.add(moved(previous, entity.path()));
            continue;
          }
          byte[] bytes = current.text().getBytes(StandardCharsets.UTF_8);
          files.add(
              new FileState(entity.path(), FileState.DOC, blobs.put(bytes), bytes.length, docId));
          changedDocs.add(docId);
          for (DocUpdate update : docs.updatesSince(docId, known == null ? -1 : known, 0)) {
            if (update.version() > current.version()) {
              break;
            }
            authors.add(update.userId());
            widen(span, update.ts());
          }
        }
      }
    }
    long fromTree = head.map(Version::treeVersion).orElse(0L);
    for (TreeChange change : treeChanges.between(project.id(), fromTree, project.treeVersion())) {
      authors.add(change.userId());
      widen(span, change.ts());
    }
    files.sort(Comparator.comparing(FileState::path));
    return new ProjectSnapshot(
        files,
        docVersions,
        project.treeVersion(),
        List.copyOf(authors),
        span[0],
        span[1],
        changedDocs);
  }

  private static FileState moved(FileState state, String path) {
    return new FileState(path, state.kind(), state.hash(), state.size(), state.docId());
  }

  private static void widen(Instant[] span, Instant ts) {
    if (span[0] == null || ts.isBefore(span[0])) {
      span[0] = ts;
    }
    if (span[1] == null || ts.isAfter(span[1])) {
      span[1] = ts;
    }
  }
}
