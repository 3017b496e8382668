package io.quire.compile.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to run in a sandbox.
 *
 * @param workspace host directory mounted read-write at {@link #WORKSPACE_MOUNT}
 * @param argv the command, resolved inside the sandbox ({@code PATH=/usr/bin:/bin})
 * @param environment the complete environment inside the sandbox (nothing of the host's leaks);
 *     names are shell-style identifiers
 * @param timeout wall-clock limit; the whole tree is killed when it passes
 * @param limits resource limits
 * @param image the TeX image (Docker) or ignored (bubblewrap)
 */
public record SandboxCommand(
    Path workspace,
    List<String> argv,
    Map<String, String> environment,
    Duration timeout,
    SandboxLimits limits,
    String image) {

  /** Where the workspace appears inside every sandbox, so logs read the same everywhere. */
  public static final String WORKSPACE_MOUNT = "/compile";

  public SandboxCommand {
    if (workspace == null || limits == null) {
      throw new IllegalArgumentException("a sandbox command needs a workspace and limits");
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a sandbox command needs a program to run");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a sandbox command needs a positive timeout: " + timeout);
    }
    for (String name : environment.keySet()) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("invalid environment variable name: " + name);
      }
    }
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
  }
}
