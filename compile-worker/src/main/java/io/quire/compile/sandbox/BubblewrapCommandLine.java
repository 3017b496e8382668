package io.quire.compile.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@code prlimit ... -- setpriv ... -- bwrap ... -- command}. The order matters: rlimits are
 * set while still root (so the hard limits can be lowered and never raised again), then setpriv
 * drops to the slot uid with no capabilities and no way to regain privileges, then bwrap, running
 * unprivileged, builds the sandbox in a new user namespace. Run as root, bwrap would not be a
 * sandbox: root inside reads {@code /etc/shadow} wherever it is mounted.
 *
 * @param features options this bwrap understands, found once at start-up
 * @param rootEntries how {@code /bin}, {@code /lib}, ... appear inside: symlinks into /usr on a
 *     merged-/usr host, read-only binds otherwise
 */
record BubblewrapCommandLine(
    SandboxSettings.Bubblewrap settings, Features features, List<String> rootEntries) {

  /** Lowers the priority of background runs (coreutils). */
  static final Path NICE = Path.of("/usr/bin/nice");

  private static final List<String> ROOT_DIRS = List.of("bin", "sbin", "lib", "lib32", "lib64");

  BubblewrapCommandLine {
    rootEntries = List.copyOf(rootEntries);
  }

  /**
   * @param tmpfsSize {@code --size} (bubblewrap 0.5): without it the /tmp tmpfs is bounded only by
   *     the kernel's default of half the RAM
   * @param disableUserns {@code --disable-userns} (0.8): no nested user namespaces, so the kernel
   *     code reachable from inside stays small
   */
  record Features(boolean tmpfsSize, boolean disableUserns) {
    static Features fromHelp(String bwrapHelp) {
      return new Features(bwrapHelp.contains("--size"), bwrapHelp.contains("--disable-userns"));
    }
  }

  /** What {@code /bin} and friends are on the host under {@code hostRoot}. */
  static List<String> rootEntries(Path hostRoot) throws IOException {
    List<String> args = new ArrayList<>();
    for (String name : ROOT_DIRS) {
      Path host = hostRoot.resolve(name);
      String inside = "/" + name;
      if (Files.isSymbolicLink(host)) {
        args.addAll(List.of("--symlink", Files.readSymbolicLink(host).toString(), inside));
      } else if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
        args.addAll(List.of("--ro-bind", host.toString(), inside));
      }
    }
    return args;
  }

  /** The full command line for {@code command} running as {@code uid} over {@code workspace}. */
  List<String> argv(int uid, Path workspace, SandboxCommand command) {
    SandboxLimits limits = command.limits();
    List<String> argv = new ArrayList<>();
    if (limits.niceness() > 0) {
      // lowered while still root; RLIMIT_NICE below keeps the sandbox from raising it again
      argv.addAll(List.of(NICE.toString(), "-n", String.valueOf(limits.niceness())));
    }

    argv.add(settings.prlimit().toString());
    argv.add("--cpu=" + both(Math.max(1, ceilSeconds(limits))));
    argv.add("--as=" + both(limits.memoryBytes()));
    argv.add("--fsize=" + both(limits.maxFileBytes()));
    argv.add("--nproc=" + both(limits.maxProcesses()));
    argv.add("--core=0:0"); // a core dump of a 1 GiB process would land in the workspace
    argv.add("--nice=0:0"); // no raising the priority again, whatever the worker may
    argv.add("--");

    argv.add(settings.setpriv().toString());
    argv.add("--reuid=" + uid);
    argv.add("--regid=" + uid);
    argv.add("--clear-groups");
    argv.add("--inh-caps=-all");
    argv.add("--bounding-set=-all");
    argv.add("--no-new-privs");
    argv.add("--");

    argv.add(settings.bwrap().toString());
    argv.add("--unshare-all"); // user, pid, net, ipc, uts, cgroup: no network at all
    argv.add("--unshare-user");
    if (features.disableUserns()) {
      argv.add("--disable-userns");
    }
    argv.add("--new-session"); // no TIOCSTI into the worker's terminal (CVE-2017-5226)
    argv.add("--die-with-parent");
    argv.addAll(List.of("--hostname", "sandbox"));
    argv.add("--clearenv");
    for (Map.Entry<String, String> e : new TreeMap<>(command.environment()).entrySet()) {
      argv.addAll(List.of("--setenv", e.getKey(), e.getValue()));
    }
    argv.addAll(List.of("--ro-bind", "/usr", "/usr"));
    for (Path path : settings.readOnlyPaths()) {
      argv.addAll(List.of("--ro-bind-try", path.toString(), path.toString()));
    }
    argv.addAll(rootEntries);
    argv.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    if (features.tmpfsSize()) {
      argv.addAll(List.of("--size", Long.toString(settings.tmpBytes())));
    }
    argv.addAll(List.of("--tmpfs", "/tmp"));
    argv.addAll(List.of("--bind", workspace.toString(), SandboxCommand.WORKSPACE_MOUNT));
    argv.addAll(List.of("--chdir", SandboxCommand.WORKSPACE_MOUNT));
    // last, once every mount point exists: the sandbox's root directory itself is not writable
    argv.addAll(List.of("--remount-ro", "/"));
    argv.add("--");
    argv.addAll(command.argv());
    return argv;
  }

  private static long ceilSeconds(SandboxLimits limits) {
    long seconds = limits.cpuTime().getSeconds();
    return limits.cpuTime().getNano() > 0 ? seconds + 1 : seconds;
  }

  private static String both(long value) {
    return value + ":" + value; // soft and hard: the sandbox cannot raise the soft limit
  }
}
