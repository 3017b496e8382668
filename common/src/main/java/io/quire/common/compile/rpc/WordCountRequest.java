package io.quire.common.compile.rpc;

import io.quire.common.contract.ManifestEntry;
import java.util.List;

/**
 * Count the words of a file of the project as it is now, with the files it includes.
 *
 * @param file project-relative path of the file to count from (usually the root document)
 * @param manifest every file of the project with its content hash, as for a compile
 */
public record WordCountRequest(
    String requestId,
    String projectId,
    String requestedBy,
    String file,
    List<ManifestEntry> manifest)
    implements ToolRequest {
  public WordCountRequest {
    Checks.text(requestId, "requestId");
    Checks.text(projectId, "projectId");
    Checks.text(requestedBy, "requestedBy");
    Checks.projectPath(file, "file");
    if (manifest == null) {
      throw new IllegalArgumentException("manifest is required");
    }
    manifest = List.copyOf(manifest);
  }
}
