package io.quire.compile.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How the worker sandboxes compiles. Plain data, so the Spring wiring (outside this package) can
 * build it from {@code quire.compile.sandbox.*} properties and tests can build it by hand.
 *
 * @param mode which sandbox to use
 * @param defaultLimits limits for runs that do not bring their own, and for start-up probes
 * @param bubblewrap settings of the bubblewrap sandbox
 * @param docker settings of the Docker sandbox
 */
public record SandboxSettings(
    Mode mode, SandboxLimits defaultLimits, Bubblewrap bubblewrap, Docker docker) {

  public SandboxSettings {
    if (mode == null || defaultLimits == null || bubblewrap == null || docker == null) {
      throw new IllegalArgumentException("sandbox settings are incomplete");
    }
  }

  /** {@code auto}, the measured default limits, and the defaults of both sandboxes. */
  public static SandboxSettings defaults() {
    return new SandboxSettings(
        Mode.AUTO, SandboxLimits.defaults(), Bubblewrap.defaults(), Docker.defaults());
  }

  public SandboxSettings withMode(Mode newMode) {
    return new SandboxSettings(newMode, defaultLimits, bubblewrap, docker);
  }

  /** The sandbox choice an admin configures. */
  public enum Mode {
    /** Docker when an engine answers a ping, else bubblewrap when its probe works, else refuse. */
    AUTO,
    DOCKER,
    BUBBLEWRAP,
    /** No isolation at all; only for an admin who explicitly opts in. */
    UNSAFE;

    /** Case-insensitive, so {@code QUIRE_COMPILE_SANDBOX=docker} works. */
    public static Mode parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "unknown sandbox mode '" + value + "': use auto, docker, bubblewrap or unsafe", e);
      }
    }
  }

  /**
   * Bubblewrap, run as one unprivileged uid per concurrent slot.
   *
   * @param bwrap the bubblewrap binary (must not be setuid: it runs unprivileged, in a user
   *     namespace)
   * @param setpriv drops from root to the slot uid before bwrap starts
   * @param prlimit sets the rlimits before the uid drop (so they cannot be raised again)
   * @param baseUid first slot uid; slot {@code n} runs as {@code baseUid + n}. These uids need no
   *     passwd entry but must belong to nobody else on the host: RLIMIT_NPROC counts every process
   *     of the uid, and a process of the same uid could signal or ptrace the compile.
   * @param slots how many compiles may run at once (one uid each)
   * @param readOnlyPaths host paths mounted read-only at the same place ({@code /usr} always is);
   *     missing ones are skipped. Never {@code /} or {@code /etc}: the host's /etc can hold
   *     secrets.
   * @param tmpBytes size of the private /tmp tmpfs (it is memory, so it is capped)
   * @param probeTimeout how long the start-up probe may take
   */
  public record Bubblewrap(
      Path bwrap,
      Path setpriv,
      Path prlimit,
      int baseUid,
      int slots,
      List<Path> readOnlyPaths,
      long tmpBytes,
      Duration probeTimeout) {

    private static final List<Path> FORBIDDEN =
        List.of(Path.of("/"), Path.of("/etc"), Path.of("/root"), Path.of("/home"));

    public Bubblewrap {
      if (baseUid < 1000 || slots < 1 || (long) baseUid + slots > 0x7fffffffL) {
        throw new IllegalArgumentException(
            "bubblewrap slot uids must be unprivileged: base " + baseUid + ", slots " + slots);
      }
      readOnlyPaths = List.copyOf(readOnlyPaths);
      for (Path path : readOnlyPaths) {
        if (!path.isAbsolute() || FORBIDDEN.contains(path.normalize())) {
          throw new IllegalArgumentException(
              "bubblewrap may not mount "
                  + path
                  + " (absolute paths below /usr, /var or /etc only)");
        }
      }
      if (tmpBytes <= 0) {
        throw new IllegalArgumentException("tmp size must be positive: " + tmpBytes);
      }
    }

    /**
     * What TeX Live, latexmk (Perl), biber and fontconfig read on Debian, found by tracing file
     * opens of pdflatex, xelatex, lualatex, biber and makeindex runs: the TeX configuration, font
     * configuration, the alternatives symlinks many TeX binaries go through, the dynamic linker
     * cache, Perl's /etc/perl, the default paper size and the time zone; and chktex's global
     * configuration (its rules and output formats), for the chktex check.
     */
    public static Bubblewrap defaults() {
      return new Bubblewrap(
          Path.of("/usr/bin/bwrap"),
          Path.of("/usr/bin/setpriv"),
          Path.of("/usr/bin/prlimit"),
          60000,
          16,
          List.of(
              Path.of("/var/lib/texmf"),
              Path.of("/etc/texmf"),
              Path.of("/etc/fonts"),
              Path.of("/etc/alternatives"),
              Path.of("/etc/ld.so.cache"),
              Path.of("/etc/perl"),
              Path.of("/etc/papersize"),
              Path.of("/etc/localtime"),
              Path.of("/etc/chktexrc")),
          64L * 1024 * 1024,
          Duration.ofSeconds(30));
    }
  }

  /**
   * Docker, one short-lived container per run through the engine's API.
   *
   * @param host engine address ({@code unix:///var/run/docker.sock}, {@code tcp://...}); null means
   *     {@code DOCKER_HOST} or the default socket
   * @param allowedImages the only images a run may use; the first is used when a command names none
   * @param user {@code uid:gid} inside the container; must be able to write the workspace (in
   *     Docker Compose the worker and the TeX image both use 1000:1000)
   * @param workspaceRoot where workspaces live as the worker sees them; null when the worker is not
   *     containerised and paths need no mapping
   * @param hostWorkspaceRoot the same directory as the engine's host sees it (bind mounts are
   *     resolved on the host, not in the worker's container); null means the same as {@code
   *     workspaceRoot}
   * @param tmpBytes size of the noexec /tmp tmpfs
   * @param userProcessLimit the {@code nproc} ulimit. Not the compile's process cap (that is the
   *     cgroup PIDs limit, {@link SandboxLimits#maxProcesses()}): without user namespace remapping
   *     RLIMIT_NPROC counts every process of the uid on the whole host, including the worker's own
   *     JVM threads when it runs as the same uid, so a tight value would break compiles.
   * @param pingTimeout how long the start-up ping may take
   */
  public record Docker(
      String host,
      List<String> allowedImages,
      String user,
      Path workspaceRoot,
      Path hostWorkspaceRoot,
      long tmpBytes,
      long userProcessLimit,
      Duration pingTimeout) {

    public Docker {
      allowedImages = List.copyOf(allowedImages);
      if (allowedImages.isEmpty()) {
        throw new IllegalArgumentException("the Docker sandbox needs at least one allowed image");
      }
      if (user == null || !user.matches("[1-9][0-9]*:[1-9][0-9]*")) {
        throw new IllegalArgumentException(
            "Docker sandbox user must be a non-root uid:gid: " + user);
      }
      if (workspaceRoot == null && hostWorkspaceRoot != null) {
        throw new IllegalArgumentException("a host workspace root needs the worker's root too");
      }
      if ((workspaceRoot != null && !workspaceRoot.isAbsolute())
          || (hostWorkspaceRoot != null && !hostWorkspaceRoot.isAbsolute())) {
        throw new IllegalArgumentException("workspace roots must be absolute paths");
      }
      if (tmpBytes <= 0 || userProcessLimit <= 0) {
        throw new IllegalArgumentException("Docker tmp size and nproc limit must be positive");
      }
    }

    public static Docker defaults() {
      return new Docker(
          null,
          List.of("quire/texlive:2024"),
          "1000:1000",
          null,
          null,
          64L * 1024 * 1024,
          4096,
          Duration.ofSeconds(5));
    }
  }
}
