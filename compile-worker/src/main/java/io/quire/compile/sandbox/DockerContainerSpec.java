package io.quire.compile.sandbox;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the Docker sandbox asks of the engine for one run, kept apart from the engine calls so
 * each security setting can be checked without an engine.
 *
 * @param image an allow-listed image
 * @param user non-root {@code uid:gid}
 * @param env exactly the command's environment, as {@code NAME=value}
 * @param entrypoint the program (replacing the image's entrypoint, so the argv runs as given)
 * @param cmd its arguments
 * @param hostWorkspace the workspace as the engine's host sees it
 * @param hostConfig limits and isolation
 * @param labels {@link #LABELS}, the worker that started it and its deadline
 */
record DockerContainerSpec(
    String image,
    String user,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    String hostWorkspace,
    HostConfig hostConfig,
    Map<String, String> labels) {

  /** Marks Quire's compile containers, so workers and admins find any a crashed worker left. */
  static final Map<String, String> LABELS = Map.of("io.quire.sandbox", "compile");

  /** The instance id of the worker that started the container. */
  static final String WORKER_LABEL = "io.quire.worker";

  /** When the compile's timeout ends, in epoch seconds; long after it the container is removed. */
  static final String DEADLINE_LABEL = "io.quire.deadline";

  static DockerContainerSpec of(SandboxCommand command, SandboxSettings.Docker settings) {
    return of(command, settings, "compile-worker", Instant.now().plus(command.timeout()));
  }

  static DockerContainerSpec of(
      SandboxCommand command, SandboxSettings.Docker settings, String worker, Instant deadline) {
    String image = allowedImage(command.image(), settings);
    String hostWorkspace = hostWorkspace(command.workspace(), settings);
    SandboxLimits limits = command.limits();
    long cpuSeconds = Math.max(1, (limits.cpuTime().toMillis() + 999) / 1000);
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode("none")
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withPrivileged(false)
            // a minimal init as pid 1 (docker-init): the compile is not pid 1, so the kernel's
            // default signal actions apply to it (SIGXFSZ at the file-size limit, SIGINT before a
            // timeout kill), and orphaned processes are reaped
            .withInit(true)
            .withReadonlyRootfs(true)
            .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=" + settings.tmpBytes()))
            .withMemory(limits.memoryBytes())
            // memory + swap: equal to memory means no swap, so the limit really holds
            .withMemorySwap(limits.memoryBytes())
            .withPidsLimit((long) limits.maxProcesses())
            .withNanoCPUs(Math.round(limits.cpus() * 1e9))
            // the default weight is 1024; a lower one yields the CPU to normal-priority compiles
            .withCpuShares(Math.max(2, 1024 >> (limits.niceness() / 5)))
            .withUlimits(
                List.of(
                    new Ulimit("cpu", cpuSeconds, cpuSeconds),
                    new Ulimit("fsize", limits.maxFileBytes(), limits.maxFileBytes()),
                    new Ulimit("nproc", settings.userProcessLimit(), settings.userProcessLimit()),
                    new Ulimit("core", 0L, 0L)))
            .withBinds(
                new Bind(hostWorkspace, new Volume(SandboxCommand.WORKSPACE_MOUNT), AccessMode.rw))
            // no log driver: output is read through attach and capped here, never written to
            // the engine's disk where a chatty document could fill it
            .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE))
            .withAutoRemove(false); // removed by us after the exit code is read
    List<String> env =
        new TreeMap<>(command.environment())
            .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    List<String> argv = command.argv();
    Map<String, String> labels = new HashMap<>(LABELS);
    labels.put(WORKER_LABEL, worker);
    labels.put(DEADLINE_LABEL, Long.toString(deadline.getEpochSecond()));
    return new DockerContainerSpec(
        image,
        settings.user(),
        env,
        List.of(argv.get(0)),
        argv.subList(1, argv.size()),
        hostWorkspace,
        host,
        Map.copyOf(labels));
  }

  CreateContainerCmd applyTo(CreateContainerCmd create) {
    return create
        .withImage(image)
        .withUser(user)
        .withEnv(env)
        .withEntrypoint(entrypoint)
        .withCmd(cmd)
        .withWorkingDir(SandboxCommand.WORKSPACE_MOUNT)
        .withNetworkDisabled(true)
        .withHostName("sandbox")
        .withLabels(labels)
        .withAttachStdin(false)
        .withStdinOpen(false)
        .withAttachStdout(true)
        .withAttachStderr(true)
        .withTty(false)
        .withHostConfig(hostConfig);
  }

  private static String allowedImage(String requested, SandboxSettings.Docker settings) {
    String image =
        requested == null || requested.isBlank() ? settings.allowedImages().get(0) : requested;
    if (!settings.allowedImages().contains(image)) {
      throw new IllegalArgumentException(
          "image '"
              + image
              + "' is not in the sandbox's allowed images "
              + settings.allowedImages());
    }
    return image;
  }

  /**
   * The engine resolves bind mounts on its own host. When the worker itself runs in a container,
   * the same directory can have another path there, so the worker's path is mapped from {@code
   * workspaceRoot} to {@code hostWorkspaceRoot}; a workspace outside the root is refused rather
   * than mounted.
   */
  static String hostWorkspace(Path workspace, SandboxSettings.Docker settings) {
    Path ws = workspace.toAbsolutePath().normalize();
    if (settings.workspaceRoot() == null) {
      return ws.toString();
    }
    Path root = settings.workspaceRoot().toAbsolutePath().normalize();
    if (!ws.startsWith(root) || ws.equals(root)) {
      throw new IllegalArgumentException(
          "workspace " + ws + " is not inside the workspace root " + root);
    }
    Path hostRoot = settings.hostWorkspaceRoot() == null ? root : settings.hostWorkspaceRoot();
    return hostRoot.resolve(root.relativize(ws)).toString();
  }
}
