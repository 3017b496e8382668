/**
 * Sandboxes that run TeX on untrusted documents: {@link io.quire.compile.sandbox.DockerSandbox}
 * where a Docker engine answers, {@link io.quire.compile.sandbox.BubblewrapSandbox} on Linux hosts
 * without one, and {@link io.quire.compile.sandbox.UnsafeLocalRunner} only for admins who opt out
 * of isolation. {@link io.quire.compile.sandbox.SandboxSelector} picks one from {@link
 * io.quire.compile.sandbox.SandboxSettings} or refuses to start. Nothing here knows about LaTeX
 * beyond the command it is given.
 */
package io.quire.compile.sandbox;
