package io.quire.web.history;

import io.quire.common.history.FileChange;
import io.quire.common.history.Label;
import io.quire.common.history.LineDiff;
import io.quire.common.history.VersionExport;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the history API. */
final class HistoryViews {
  private HistoryViews() {}

  record Author(String id, String name) {}

  record LabelView(String id, long version, String comment, String userId, Instant created) {
    static LabelView of(Label label) {
      return new LabelView(
          label.id(), label.version(), label.comment(), label.userId(), label.created());
    }
  }

  record VersionView(
      long number,
      List<Author> authors,
      Instant startedAt,
      Instant endedAt,
      List<FileChange> changes,
      List<LabelView> labels) {}

  /**
   * @param nextBefore pass as {@code before} for the next (older) page; null on the last page
   */
  record VersionPage(List<VersionView> versions, Long nextBefore) {}

  record FileView(String path, String kind, long size, String hash) {}

  record VersionDetail(VersionView version, List<FileView> files) {}

  record LineView(String type, String text, int oldLine, int newLine) {
    static LineView of(LineDiff.Line line) {
      return new LineView(
          line.kind().name().toLowerCase(java.util.Locale.ROOT),
          line.text(),
          line.oldNumber(),
          line.newNumber());
    }
  }

  record HunkView(int oldStart, int newStart, List<LineView> lines) {}

  /**
   * One file between two versions.
   *
   * @param status {@code added}, {@code edited}, {@code renamed}, {@code deleted}, {@code binary}
   *     or {@code unchanged}
   * @param from the path in the older version when it was renamed
   */
  record FileDiff(
      long from,
      long to,
      String path,
      String fromPath,
      String status,
      boolean binary,
      int linesAdded,
      int linesRemoved,
      List<HunkView> hunks) {}

  record ProjectDiff(long from, long to, List<FileChange> files) {}

  record LabelRequest(Long version, String comment) {}

  record RestoreRequest(Long version, String path) {}

  record RestoreResult(long version, List<String> restored, List<String> deleted) {}

  /**
   * A version zip built as a job.
   *
   * @param status {@code queued}, {@code running}, {@code ready} or {@code failed}
   * @param downloadUrl where to fetch the zip, once ready
   */
  record ExportView(
      String id,
      long version,
      String status,
      int files,
      long size,
      List<String> missing,
      String error,
      Instant created,
      Instant finished,
      Instant expiresAt,
      String statusUrl,
      String downloadUrl) {
    static ExportView of(VersionExport export) {
      String base = "/api/projects/" + export.projectId() + "/history/exports/" + export.id();
      boolean ready = export.status() == VersionExport.Status.READY;
      return new ExportView(
          export.id(),
          export.version(),
          export.status().wireName(),
          export.files(),
          export.size(),
          export.missing(),
          export.error(),
          export.created(),
          export.finished(),
          export.expiresAt(),
          base,
          ready ? base + "/download.zip" : null);
    }
  }
}
