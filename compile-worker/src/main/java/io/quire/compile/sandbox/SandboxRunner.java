package io.quire.compile.sandbox;

import java.io.IOException;
import java.util.Optional;

/** Runs a command over a workspace inside an isolated environment. */
public interface SandboxRunner {

  /** {@code bubblewrap}, {@code docker} or {@code unsafe}. */
  String name();

  /**
   * Starts the command. The workspace is visible inside the sandbox at {@link
   * SandboxCommand#WORKSPACE_MOUNT} and is the only writable place besides a small private /tmp.
   */
  SandboxProcess start(SandboxCommand command) throws IOException;

  /**
   * What keeps this sandbox from running compiles right now (the worker's health reports it), or
   * empty when nothing does. Sandboxes that are probed once at start answer empty.
   */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }
}
