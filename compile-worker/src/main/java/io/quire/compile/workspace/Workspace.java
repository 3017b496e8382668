package io.quire.compile.workspace;

import java.nio.file.Path;

/**
 * A project's directory on this worker.
 *
 * @param root directory owned by the worker; holds the sync record, never mounted in a sandbox
 * @param sources the directory the sandbox sees at /compile: project files and TeX's own output
 * @param fresh whether this worker had no workspace for the project before this sync
 */
public record Workspace(Path root, Path sources, boolean fresh) {
  public Path syncRecord() {
    return root.resolve("synced.json");
  }
}
