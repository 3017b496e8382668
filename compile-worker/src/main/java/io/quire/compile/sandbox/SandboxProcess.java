package io.quire.compile.sandbox;

/** A command running in a sandbox. */
public interface SandboxProcess {

  /**
   * Waits until the command ends, is stopped, or exceeds its wall-clock timeout; on timeout or stop
   * the whole process tree is killed before this returns.
   */
  SandboxResult await() throws InterruptedException;

  /** Kills the whole process tree now; {@link #await()} then reports {@code stopped}. */
  void stop();
}
