package io.quire.history.ingest;

import io.quire.common.history.FileState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's current state as history sees it, and who changed it since the newest version.
 *
 * @param files every file, sorted by path
 * @param docVersions the update-log version of each document read
 * @param authors users who changed documents or the tree since the newest version, in order
 * @param firstChange time of the earliest of those changes, null when none is known
 * @param lastChange time of the latest of those changes, null when none is known
 * @param changedDocs documents with updates since the newest version
 */
record ProjectSnapshot(
    List<FileState> files,
    Map<String, Long> docVersions,
    long treeVersion,
    List<String> authors,
    Instant firstChange,
    Instant lastChange,
    Set<String> changedDocs) {}
