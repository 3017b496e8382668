package io.quire.compile.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands under bubblewrap, each as an unprivileged uid of its own, for hosts without Docker.
 * See {@link BubblewrapCommandLine} for the exact command line and why it is built that way.
 *
 * <p>Inside: read-only {@code /usr} and the few /etc entries TeX needs, a fresh /proc and /dev, a
 * small private /tmp, the workspace read-write at {@code /compile}, nothing else; no network (an
 * empty network namespace), no environment but the command's, no capabilities, no way to gain
 * privileges. Limits: address space, CPU time, file size and processes as rlimits (per process,
 * except processes: per uid, hence one uid per slot), a wall-clock timeout that kills the pid
 * namespace. What it does not have: a memory limit on the whole compile (that needs cgroups; the
 * address-space limit is per process, so a compile can use at most processes x address space), a
 * disk quota on the workspace (the file-size limit bounds each file, not their number), and a
 * seccomp filter.
 *
 * <p>The worker must run as root, to hand the workspace to the slot uid and drop to it.
 */
public final class BubblewrapSandbox implements SandboxRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BubblewrapSandbox.class);

  /** How long the namespace may take to die after bwrap returned; see {@link UidProcesses}. */
  private static final Duration STRAY_GRACE = Duration.ofSeconds(2);

  private final BubblewrapCommandLine commandLine;
  private final UidSlots slots;
  private final ExecutorService reaper =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "sandbox-reaper");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Checks the tools, that the worker is root, and that a probe command runs sandboxed as a slot
   * uid.
   *
   * @throws SandboxUnavailableException when any of that fails, with the reason
   */
  public BubblewrapSandbox(SandboxSettings.Bubblewrap settings, SandboxLimits probeLimits) {
    for (Path tool :
        List.of(
            settings.bwrap(), settings.setpriv(), settings.prlimit(), BubblewrapCommandLine.NICE)) {
      if (!Files.isExecutable(tool)) {
        throw new SandboxUnavailableException(
            "bubblewrap sandbox unavailable: "
                + tool
                + " is missing (install bubblewrap, util-linux and"
                + " coreutils)");
      }
    }
    if (!runningAsRoot()) {
      throw new SandboxUnavailableException(
          "bubblewrap sandbox unavailable: the worker must run as root, to give each compile an"
              + " unprivileged uid of its own (bubblewrap run as the worker's own uid would share"
              + " it with the worker); run the worker as root or use the Docker sandbox");
    }
    try {
      BubblewrapCommandLine.Features features =
          BubblewrapCommandLine.Features.fromHelp(help(settings.bwrap()));
      if (!features.tmpfsSize()) {
        LOG.warn("{} has no --size: the sandbox's /tmp is not capped", settings.bwrap());
      }
      this.commandLine =
          new BubblewrapCommandLine(
              settings, features, BubblewrapCommandLine.rootEntries(Path.of("/")));
    } catch (IOException e) {
      throw new SandboxUnavailableException("bubblewrap sandbox unavailable: " + e, e);
    }
    this.slots = new UidSlots(settings.baseUid(), settings.slots());
    probe(settings, probeLimits);
    LOG.info(
        "bubblewrap sandbox ready: {} slots, uids {}..{}",
        settings.slots(),
        settings.baseUid(),
        settings.baseUid() + settings.slots() - 1);
  }

  @Override
  public String name() {
    return "bubblewrap";
  }

  @Override
  public SandboxProcess start(SandboxCommand command) throws IOException {
    Path workspace = command.workspace().toRealPath();
    if (!Files.isDirectory(workspace, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("workspace is not a directory: " + workspace);
    }
    WorkspaceOwnership.checkReachable(workspace);
    int uid = slots.acquire();
    try {
      WorkspaceOwnership.handTo(workspace, uid);
      List<String> argv = commandLine.argv(uid, workspace, command);
      ProcessBuilder builder = new ProcessBuilder(argv).directory(new File("/"));
      // bwrap's own process (pid 1 inside) keeps this environment, and the sandbox can read
      // /proc/1/environ: nothing of the worker's environment may reach it
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/bin:/bin");
      LOG.debug("sandbox uid {}: {}", uid, argv);
      return LocalSandboxProcess.start(
          builder,
          command.timeout(),
          command.limits().maxStdoutBytes(),
          // in the background: the result is ready now; the uid returns to the pool once its
          // namespace is gone (or its strays were killed)
          () ->
              reaper.execute(
                  () -> {
                    UidProcesses.reap(uid, STRAY_GRACE);
                    slots.release(uid);
                  }));
    } catch (IOException | RuntimeException e) {
      slots.release(uid);
      throw e;
    }
  }

  /** Runs {@code id -u} in the sandbox: it must print a slot uid, which proves the uid drop. */
  private void probe(SandboxSettings.Bubblewrap settings, SandboxLimits limits) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("quire-sandbox-probe");
      SandboxCommand probe =
          new SandboxCommand(
              dir,
              List.of("id", "-u"),
              Map.of("PATH", "/usr/bin:/bin"),
              settings.probeTimeout(),
              limits,
              null);
      SandboxResult result = start(probe).await();
      String out = result.output().trim();
      boolean slotUid =
          out.matches("[0-9]+")
              && Long.parseLong(out) >= settings.baseUid()
              && Long.parseLong(out) < (long) settings.baseUid() + settings.slots();
      if (result.exitCode() != 0 || !slotUid) {
        throw new SandboxUnavailableException(
            "bubblewrap sandbox unavailable: the probe run failed (exit "
                + result.exitCode()
                + (result.timedOut() ? ", timed out" : "")
                + "): "
                + out);
      }
    } catch (IOException e) {
      throw new SandboxUnavailableException("bubblewrap sandbox unavailable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxUnavailableException("interrupted while probing bubblewrap", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static String help(Path bwrap) throws IOException {
    Process process =
        new ProcessBuilder(bwrap.toString(), "--help").redirectErrorStream(true).start();
    try (InputStream in = process.getInputStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + bwrap + " for its options", e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static boolean runningAsRoot() {
    try {
      return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete probe directory {}", dir, e);
    }
  }
}
