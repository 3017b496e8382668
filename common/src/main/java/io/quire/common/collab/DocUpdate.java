package io.quire.common.collab;

import java.time.Instant;

/**
 * One accepted edit of a document: it turns version {@code version - 1} into {@code version}.
 *
 * @param userId who made it
 * @param clientId the editor instance that sent it ({@code @codemirror/collab}'s clientID), so that
 *     editor recognises its own update when it comes back; {@code server} for server-side changes
 */
public record DocUpdate(
    String docId,
    String projectId,
    long version,
    ChangeSet changes,
    String userId,
    String clientId,
    Instant ts) {

  /** The client id of changes made by Quire itself (uploads, git pushes, restores). */
  public static final String SERVER_CLIENT = "server";
}
