package io.quire.compile.job;

import io.quire.common.contract.CompileJob;
import io.quire.compile.workspace.Workspace;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A compile ready to run, the same for each of its attempts.
 *
 * @param workspace the job's workspace, synced to its manifest
 * @param projectFiles the paths of the project's files
 * @param since the run the workspace's generated files belong to, and what changed since
 * @param deadline when the compile's wall-clock budget ends ({@link System#nanoTime()})
 * @param cancelled whether the job was cancelled meanwhile
 */
record PreparedCompile(
    CompileJob job,
    Workspace workspace,
    Set<String> projectFiles,
    DirectRun.Since since,
    long deadline,
    BooleanSupplier cancelled) {}
