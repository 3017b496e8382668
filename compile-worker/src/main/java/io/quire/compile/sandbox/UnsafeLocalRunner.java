package io.quire.compile.sandbox;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the command directly as the worker's own user: NO isolation. A document can read every file
 * the worker can read, reach the network, and run programs through any hole in TeX. Exists for
 * admins who explicitly opt in ({@code unsafe} mode) on a machine that compiles only trusted
 * documents. It still clears the environment (so the worker's secrets are not one {@code kpsewhich
 * -expand-var} away) and enforces the wall-clock timeout; it sets no resource limits.
 */
public final class UnsafeLocalRunner implements SandboxRunner {
  private static final Logger LOG = LoggerFactory.getLogger(UnsafeLocalRunner.class);

  public UnsafeLocalRunner() {
    LOG.warn(
        "*** UNSAFE: compiles run WITHOUT A SANDBOX as the worker's own user. Any document can"
            + " read the worker's files and reach the network. Never use this with untrusted"
            + " users. ***");
  }

  @Override
  public String name() {
    return "unsafe";
  }

  @Override
  public SandboxProcess start(SandboxCommand command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command.argv()).directory(command.workspace().toFile());
    builder.environment().clear();
    builder.environment().putAll(command.environment());
    return LocalSandboxProcess.start(
        builder, command.timeout(), command.limits().maxStdoutBytes(), () -> {});
  }
}
