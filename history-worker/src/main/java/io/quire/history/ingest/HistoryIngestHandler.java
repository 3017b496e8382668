package io.quire.history.ingest;

import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.history.FileChange;
import io.quire.common.history.LabelStore;
import io.quire.common.history.SnapshotDiff;
import io.quire.common.history.TreeChangeStore;
import io.quire.common.history.Version;
import io.quire.common.history.VersionStore;
import io.quire.common.messaging.JobHandler;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a project's changes since its newest version into history. The job carries no data: it says
 * "look again", so any number of deliveries of any number of jobs converge on the same versions. A
 * run that finds the project as the newest version has it writes nothing; a new version is added by
 * a unique-index insert of the next number, an extension by a conditional replace on the version's
 * revision, and a run that loses either race starts over on the fresh newest version.
 */
final class HistoryIngestHandler implements JobHandler<HistoryIngestJob> {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryIngestHandler.class);
  private static final int MAX_ATTEMPTS = 10;

  private final ProjectStore projects;
  private final VersionStore versions;
  private final LabelStore labels;
  private final TreeChangeStore treeChanges;
  private final SnapshotReader reader;
  private final SnapshotDiff summary;
  private final UpdateLogTrimmer trimmer;
  private final HistoryWorkerProperties properties;

  HistoryIngestHandler(
      ProjectStore projects,
      VersionStore versions,
      LabelStore labels,
      TreeChangeStore treeChanges,
      SnapshotReader reader,
      SnapshotDiff summary,
      UpdateLogTrimmer trimmer,
      HistoryWorkerProperties properties) {
    this.projects = projects;
    this.versions = versions;
    this.labels = labels;
    this.treeChanges = treeChanges;
    this.reader = reader;
    this.summary = summary;
    this.trimmer = trimmer;
    this.properties = properties;
  }

  @Override
  public void handle(HistoryIngestJob job, Delivery delivery) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<Project> project = projects.find(job.projectId());
      if (project.isEmpty()) {
        LOG.info("Project {} is gone; nothing to take into history", job.projectId());
        return;
      }
      Optional<Version> head = versions.latest(job.projectId());
      ProjectSnapshot now = reader.read(project.get(), head);
      if (head.isPresent() && head.get().files().equals(now.files())) {
        LOG.debug("Project {} is unchanged since version {}", job.projectId(), head.get().number());
        return;
      }
      Version written = write(job, head, now);
      if (written != null) {
        LOG.info(
            "Project {} version {} (revision {}) by {}: {} file changes",
            job.projectId(),
            written.number(),
            written.revision(),
            written.authors(),
            written.changes().size());
        long trimmed = trimmer.trim(written.docVersions());
        treeChanges.deleteUpTo(job.projectId(), written.treeVersion());
        if (trimmed > 0) {
          LOG.debug("Trimmed {} updates of project {}", trimmed, job.projectId());
        }
        return;
      }
      LOG.debug("Lost a race on the history of {}; reading again", job.projectId());
    }
    throw new IllegalStateException(
        "history of project " + job.projectId() + " keeps changing under this worker");
  }

  /** Writes the new state as a new or an extended version; null when another writer got there. */
  private Version write(HistoryIngestJob job, Optional<Version> head, ProjectSnapshot now) {
    List<String> newAuthors = now.authors();
    if (newAuthors.isEmpty() && !"system".equals(job.requestedBy())) {
      newAuthors = List.of(job.requestedBy());
    }
    Instant first = now.firstChange() != null ? now.firstChange() : job.requestedAt();
    Instant last = now.lastChange() != null ? now.lastChange() : first;
    if (head.isPresent() && extendable(head.get(), newAuthors, first, last)) {
      Version current = head.get();
      List<FileChange> changes =
          summary.between(
              current.number() > 1
                  ? versions.find(current.projectId(), current.number() - 1).orElseThrow().files()
                  : List.of(),
              now.files());
      Set<String> authors = new LinkedHashSet<>(current.authors());
      authors.addAll(newAuthors);
      Version extended =
          new Version(
              current.projectId(),
              current.number(),
              current.revision() + 1,
              new ArrayList<>(authors),
              current.startedAt(),
              last.isAfter(current.endedAt()) ? last : current.endedAt(),
              now.files(),
              changes,
              now.docVersions(),
              now.treeVersion());
      return versions.extend(extended, current.revision()) ? extended : null;
    }
    Version next =
        new Version(
            job.projectId(),
            head.map(v -> v.number() + 1).orElse(1L),
            0,
            newAuthors,
            first,
            last,
            now.files(),
            summary.between(head.map(Version::files).orElse(List.of()), now.files()),
            now.docVersions(),
            now.treeVersion());
    return versions.insert(next) ? next : null;
  }

  /**
   * A burst continues the newest version when it follows it within the merge window, by authors
   * already named in it, without stretching it past the longest span, and nobody labelled it (a
   * label names a state, which must not change under it).
   */
  private boolean extendable(Version head, List<String> authors, Instant first, Instant last) {
    Duration window = properties.mergeWindow();
    if (window.isZero() || window.isNegative()) {
      return false;
    }
    return head.number() > 1
        && head.authors().containsAll(authors)
        && !first.isAfter(head.endedAt().plus(window))
        && !last.isAfter(head.startedAt().plus(properties.maxVersionSpan()))
        && !labels.isLabelled(head.projectId(), head.number());
  }
}
