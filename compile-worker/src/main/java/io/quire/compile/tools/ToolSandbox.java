package io.quire.compile.tools;

import io.quire.common.compile.rpc.ToolFailure;
import io.quire.compile.sandbox.SandboxCommand;
import io.quire.compile.sandbox.SandboxLimits;
import io.quire.compile.sandbox.SandboxProcess;
import io.quire.compile.sandbox.SandboxResult;
import io.quire.compile.sandbox.SandboxRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a tool in the compile sandbox with limits of its own. The tools read documents and SyncTeX
 * files the user controls (and a SyncTeX file is whatever the sandboxed compile wrote), so they get
 * no more trust than TeX itself.
 */
public final class ToolSandbox {
  private static final long MIB = 1024L * 1024;

  /**
   * Nothing of the worker's environment; kpathsea-based tools may read only below the workspace and
   * keep caches in the sandbox's private /tmp.
   */
  static final Map<String, String> ENVIRONMENT =
      Map.of(
          "PATH", "/usr/bin:/bin",
          "HOME", "/tmp",
          "LANG", "C.UTF-8",
          "TEXMFVAR", "/tmp/texmf-var",
          "openin_any", "p",
          "openout_any", "p");

  private final SandboxRunner sandbox;
  private final Duration timeout;
  private final long memoryBytes;
  private final long maxOutputBytes;

  /**
   * @param timeout wall-clock limit of one tool run
   * @param memoryBytes address space of a tool run (SyncTeX loads the whole SyncTeX file)
   * @param maxOutputBytes tool output kept
   */
  public ToolSandbox(
      SandboxRunner sandbox, Duration timeout, long memoryBytes, long maxOutputBytes) {
    this.sandbox = sandbox;
    this.timeout = timeout;
    this.memoryBytes = memoryBytes;
    this.maxOutputBytes = maxOutputBytes;
  }

  /**
   * Runs {@code argv} over {@code workspace} and waits for it.
   *
   * @param tool the tool's name, for messages
   * @throws ToolException when it cannot start, is interrupted or runs past the timeout
   */
  SandboxResult run(String tool, Path workspace, List<String> argv) {
    SandboxLimits limits =
        new SandboxLimits(memoryBytes, 32, 16 * MIB, timeout.plusSeconds(5), maxOutputBytes, 1.0);
    SandboxCommand command =
        new SandboxCommand(workspace, argv, ENVIRONMENT, timeout, limits, null);
    SandboxProcess process;
    try {
      process = sandbox.start(command);
    } catch (IOException | RuntimeException e) {
      throw new ToolException(
          ToolFailure.Reason.FAILED, "The sandbox could not start " + tool + ".", e);
    }
    SandboxResult result;
    try {
      result = process.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException(ToolFailure.Reason.FAILED, tool + " was interrupted.", e);
    }
    if (result.timedOut()) {
      throw new ToolException(
          ToolFailure.Reason.TIMED_OUT,
          tool + " did not finish within " + timeout.toSeconds() + " s.");
    }
    return result;
  }
}
