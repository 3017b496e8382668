package io.quire.common.history;

import java.time.Instant;

/**
 * Who changed a project's tree (upload, rename, delete, new folder), so history can name the
 * authors of changes that are not document edits.
 *
 * @param treeVersion the tree version the change produced
 */
public record TreeChange(String projectId, long treeVersion, String userId, Instant ts) {}
