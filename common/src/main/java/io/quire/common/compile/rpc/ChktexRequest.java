package io.quire.common.compile.rpc;

import io.quire.common.contract.ManifestEntry;
import java.util.List;

/**
 * Check a file of the project as it is now, with the files it includes, with chktex.
 *
 * @param file project-relative path of the file to check
 * @param manifest every file of the project with its content hash, as for a compile
 */
public record ChktexRequest(
    String requestId,
    String projectId,
    String requestedBy,
    String file,
    List<ManifestEntry> manifest)
    implements ToolRequest {
  public ChktexRequest {
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
