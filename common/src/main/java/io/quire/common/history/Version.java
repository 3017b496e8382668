package io.quire.common.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a project: the whole snapshot (path → blob), who changed it and what changed since
 * the version before. Numbers start at 1 and have no gaps. The newest version is also the history's
 * watermark: its {@code docVersions} and {@code treeVersion} say how far the update log and the
 * tree have been taken in.
 *
 * @param revision grows each time the newest version is extended by a later burst of changes;
 *     guards that extension (optimistic concurrency)
 * @param authors user ids, in the order they first changed something
 * @param startedAt time of the first change in this version
 * @param endedAt time of the last change in this version
 * @param files the snapshot, sorted by path; empty in listings, which do not load it
 * @param changes per-file summary against the previous version
 * @param docVersions the update-log version of every document taken in
 * @param treeVersion the project tree version taken in
 */
public record Version(
    String projectId,
    long number,
    long revision,
    List<String> authors,
    Instant startedAt,
    Instant endedAt,
    List<FileState> files,
    List<FileChange> changes,
    Map<String, Long> docVersions,
    long treeVersion) {

  public Version {
    authors = List.copyOf(authors);
    files = List.copyOf(files);
    changes = List.copyOf(changes);
    docVersions = Map.copyOf(docVersions);
  }
}
