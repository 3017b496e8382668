package io.quire.compile.sandbox;

import java.time.Duration;

/**
 * How a sandboxed run ended.
 *
 * @param exitCode the command's exit code, or -1 when it was killed
 * @param timedOut the wall-clock timeout killed it
 * @param stopped {@link SandboxProcess#stop()} killed it
 * @param output stdout and stderr, cut at the limit
 * @param outputTruncated whether output was cut
 * @param elapsed wall-clock time
 */
public record SandboxResult(
    int exitCode,
    boolean timedOut,
    boolean stopped,
    String output,
    boolean outputTruncated,
    Duration elapsed) {}
