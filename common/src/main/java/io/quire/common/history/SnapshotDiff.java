package io.quire.common.history;

import io.quire.common.blob.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-file summary between two snapshots (a version's summary is the one against the version
 * before it). A path that is new while an old path vanished is a rename when it is the same
 * document (by id) or, for binary files, the same bytes.
 */
public final class SnapshotDiff {
  private final BlobStore blobs;

  public SnapshotDiff(BlobStore blobs) {
    this.blobs = blobs;
  }

  /** What changed from one snapshot to another, in the order of the new snapshot's paths. */
  public List<FileChange> between(List<FileState> before, List<FileState> after) {
    Map<String, FileState> oldByPath = new HashMap<>();
    before.forEach(f -> oldByPath.put(f.path(), f));
    Set<String> newPaths = new HashSet<>();
    after.forEach(f -> newPaths.add(f.path()));
    Set<String> renamedAway = new HashSet<>();
    List<FileChange> changes = new ArrayList<>();

    for (FileState now : after) {
      FileState old = oldByPath.get(now.path());
      if (old != null) {
        if (!old.sameContent(now)) {
          changes.add(edited(now.path(), null, old, now));
        }
        continue;
      }
      FileState source = renameSource(before, newPaths, renamedAway, now);
      if (source != null) {
        renamedAway.add(source.path());
        FileChange change = edited(now.path(), source.path(), source, now);
        changes.add(
            new FileChange(
                now.path(),
                FileChange.RENAMED,
                source.path(),
                change.linesAdded(),
                change.linesRemoved()));
      } else {
        int lines = now.isDoc() ? LineDiff.split(text(now)).size() : 0;
        changes.add(new FileChange(now.path(), FileChange.ADDED, null, lines, 0));
      }
    }
    for (FileState old : before) {
      if (!newPaths.contains(old.path()) && !renamedAway.contains(old.path())) {
        int lines = old.isDoc() ? LineDiff.split(text(old)).size() : 0;
        changes.add(new FileChange(old.path(), FileChange.DELETED, null, 0, lines));
      }
    }
    return changes;
  }

  private static FileState renameSource(
      List<FileState> before, Set<String> newPaths, Set<String> taken, FileState now) {
    for (FileState old : before) {
      if (newPaths.contains(old.path()) || taken.contains(old.path())) {
        continue;
      }
      boolean sameDoc = now.isDoc() && old.isDoc() && now.docId().equals(old.docId());
      boolean sameBytes = !now.isDoc() && !old.isDoc() && now.hash().equals(old.hash());
      if (sameDoc || sameBytes) {
        return old;
      }
    }
    return null;
  }

  private FileChange edited(String path, String from, FileState old, FileState now) {
    if (old.sameContent(now)) {
      return new FileChange(path, FileChange.EDITED, from, 0, 0);
    }
    if (!old.isDoc() || !now.isDoc()) {
      return new FileChange(path, FileChange.BINARY, from, 0, 0);
    }
    int[] counts = LineDiff.count(text(old), text(now));
    return new FileChange(path, FileChange.EDITED, from, counts[0], counts[1]);
  }

  /** The text of a document entry. */
  public String text(FileState state) {
    return blobs
        .get(state.hash())
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
        .orElseThrow(() -> new IllegalStateException("blob " + state.hash() + " is missing"));
  }
}
