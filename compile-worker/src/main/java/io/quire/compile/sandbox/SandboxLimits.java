package io.quire.compile.sandbox;

import java.time.Duration;

/**
 * Resource limits of one sandboxed run.
 *
 * @param memoryBytes memory (Docker, a cgroup limit on the whole container, swap included) or
 *     address space (bubblewrap, {@code RLIMIT_AS} per process)
 * @param maxProcesses processes and threads ({@code RLIMIT_NPROC} of the slot uid for bubblewrap,
 *     the cgroup PIDs limit for Docker)
 * @param maxFileBytes largest file the command may write ({@code RLIMIT_FSIZE})
 * @param cpuTime CPU time per process ({@code RLIMIT_CPU})
 * @param maxStdoutBytes stdout and stderr kept; the rest is read and discarded
 * @param cpus CPU share (Docker only)
 * @param niceness scheduling priority, 0 (normal) to 19 (lowest): background compiles yield the CPU
 *     to interactive ones ({@code nice} for bubblewrap, a smaller CPU weight for Docker)
 */
public record SandboxLimits(
    long memoryBytes,
    int maxProcesses,
    long maxFileBytes,
    Duration cpuTime,
    long maxStdoutBytes,
    double cpus,
    int niceness) {

  private static final long MIB = 1024L * 1024;

  /** Limits at normal priority. */
  public SandboxLimits(
      long memoryBytes,
      int maxProcesses,
      long maxFileBytes,
      Duration cpuTime,
      long maxStdoutBytes,
      double cpus) {
    this(memoryBytes, maxProcesses, maxFileBytes, cpuTime, maxStdoutBytes, cpus, 0);
  }

  /** The same limits at another priority. */
  public SandboxLimits withNiceness(int value) {
    return new SandboxLimits(
        memoryBytes, maxProcesses, maxFileBytes, cpuTime, maxStdoutBytes, cpus, value);
  }

  public SandboxLimits {
    if (memoryBytes <= 0 || maxProcesses <= 0 || maxFileBytes <= 0 || maxStdoutBytes < 0) {
      throw new IllegalArgumentException("sandbox limits must be positive");
    }
    if (cpuTime == null || cpuTime.isNegative() || cpuTime.isZero()) {
      throw new IllegalArgumentException("CPU time limit must be positive: " + cpuTime);
    }
    if (!(cpus > 0)) {
      throw new IllegalArgumentException("CPU share must be positive: " + cpus);
    }
    if (niceness < 0 || niceness > 19) {
      throw new IllegalArgumentException("niceness must be between 0 and 19: " + niceness);
    }
  }

  /**
   * Defaults measured on TeX Live 2022 (Debian bookworm) inside the bubblewrap sandbox, with a
   * 47-page article of lipsum text and 20 pgfplots of 2000 samples each. The smallest address space
   * that let each engine finish was 128 MiB for pdflatex, 384 MiB for xelatex (it allocates about
   * 100 MiB of arrays at start-up, so even "hello world" needs 384 MiB) and 256 MiB for lualatex
   * (with fontspec; Lua's allocator fails at 128 MiB). 1 GiB leaves 2.5x headroom over the
   * hungriest engine and is the same figure as the Docker memory limit, which is stricter per byte
   * (resident memory of the whole container) than an address-space limit per process.
   *
   * <p>64 processes: latexmk, the engine, biber or makeindex and a few shells need about ten; the
   * cap has to stop a fork bomb, not a compile. 256 MiB per file: a PDF with hundreds of large
   * pictures, far more than any log. 300 s of CPU per process: above the default 180 s wall-clock
   * timeout, so the timeout normally fires first. 2 MiB of output, as Overleaf keeps.
   */
  public static SandboxLimits defaults() {
    return new SandboxLimits(1024 * MIB, 64, 256 * MIB, Duration.ofSeconds(300), 2 * MIB, 1.0);
  }
}
