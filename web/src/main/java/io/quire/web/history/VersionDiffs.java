package io.quire.web.history;

import io.quire.common.history.FileChange;
import io.quire.common.history.FileState;
import io.quire.common.history.LineDiff;
import io.quire.common.history.SnapshotDiff;
import io.quire.common.history.Version;
import io.quire.web.history.HistoryViews.FileDiff;
import io.quire.web.history.HistoryViews.HunkView;
import io.quire.web.history.HistoryViews.LineView;
import io.quire.web.history.HistoryViews.ProjectDiff;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Differences between two versions: the list of changed files of the whole project, or one file's
 * line diff. Both read the two snapshots and the blobs of the files concerned, never the log.
 */
@Component
class VersionDiffs {
  private final SnapshotDiff snapshots;
  private final WebHistoryProperties properties;

  VersionDiffs(SnapshotDiff snapshots, WebHistoryProperties properties) {
    this.snapshots = snapshots;
    this.properties = properties;
  }

  ProjectDiff project(Version from, Version to) {
    return new ProjectDiff(from.number(), to.number(), snapshots.between(from.files(), to.files()));
  }

  /**
   * One file: {@code path} in the newer version, or in the older one when it was deleted; a renamed
   * document is found in the older version by its document id.
   */
  Optional<FileDiff> file(Version from, Version to, String path) {
    Optional<FileState> after = find(to, path);
    Optional<FileState> before = find(from, path);
    if (before.isEmpty() && after.isPresent() && after.get().isDoc()) {
      before =
          from.files().stream()
              .filter(f -> f.isDoc() && f.docId().equals(after.get().docId()))
              .findFirst();
    }
    if (before.isEmpty() && after.isEmpty()) {
      return Optional.empty();
    }
    FileState old = before.orElse(null);
    FileState now = after.orElse(null);
    String fromPath =
        old != null && now != null && !old.path().equals(now.path()) ? old.path() : null;
    boolean binary = (old != null && !old.isDoc()) || (now != null && !now.isDoc());
    String status;
    if (old == null) {
      status = FileChange.ADDED;
    } else if (now == null) {
      status = FileChange.DELETED;
    } else if (fromPath != null) {
      status = FileChange.RENAMED;
    } else if (old.sameContent(now)) {
      status = "unchanged";
    } else {
      status = binary ? FileChange.BINARY : FileChange.EDITED;
    }
    if (binary) {
      return Optional.of(
          new FileDiff(from.number(), to.number(), path, fromPath, status, true, 0, 0, List.of()));
    }
    List<LineDiff.Line> lines =
        LineDiff.lines(
            old == null ? "" : snapshots.text(old), now == null ? "" : snapshots.text(now));
    int added = 0;
    int removed = 0;
    for (LineDiff.Line line : lines) {
      if (line.kind() == LineDiff.Kind.ADDED) {
        added++;
      } else if (line.kind() == LineDiff.Kind.REMOVED) {
        removed++;
      }
    }
    List<HunkView> hunks =
        LineDiff.hunks(lines, properties.diffContext()).stream()
            .map(
                h ->
                    new HunkView(
                        h.oldStart(), h.newStart(), h.lines().stream().map(LineView::of).toList()))
            .toList();
    return Optional.of(
        new FileDiff(
            from.number(), to.number(), path, fromPath, status, false, added, removed, hunks));
  }

  private static Optional<FileState> find(Version version, String path) {
    return version.files().stream().filter(f -> f.path().equals(path)).findFirst();
  }
}
