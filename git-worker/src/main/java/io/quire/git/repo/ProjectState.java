package io.quire.git.repo;

import java.util.Map;

/**
 * What a commit shows of a project: its tree version and the version of each document in the tree.
 * Two equal states have the same content, so no new commit is needed.
 */
public record ProjectState(long treeVersion, Map<String, Long> docVersions) {
  public ProjectState {
    docVersions = Map.copyOf(docVersions);
  }
}
