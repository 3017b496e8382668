package io.quire.compile.config;

import io.quire.common.compile.TexImageList;
import io.quire.common.infra.QuireDataProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of compile-worker ({@code quire.compile.*}, environment {@code QUIRE_COMPILE_*}).
 *
 * @param concurrency compile slots of this instance; 0 means one per CPU core
 * @param workspacesDir where project workspaces live; default {@code <dataDir>/workspaces}
 * @param maxTimeout upper bound of any compile's timeout, whatever the job asks
 * @param stateTtl how long job states are kept in Redis
 * @param resultTtl how long results and output files are kept (the cache lifetime)
 * @param auxTtl how long a project's saved aux state is kept
 * @param maxOutput total size of one compile's output files
 * @param memory memory (Docker: the container's, swap included; default 1 GiB) or address space
 *     (bubblewrap: per process, which counts mapped but unused memory too; default 2 GiB) per
 *     compile
 * @param maxProcesses processes per compile
 * @param maxFileSize largest file a compile may write
 * @param maxWorkspace disk a project's workspace may take during a compile (sources, generated
 *     files, caches); a compile that writes more is stopped as too large
 * @param maxWorkspaceFiles files and directories a workspace may hold during a compile
 * @param maxStdout compiler output kept
 * @param cpus CPU share per compile (Docker)
 * @param sandbox {@code auto}, {@code docker}, {@code bubblewrap} or {@code unsafe}
 * @param dockerImage the default TeX image compiles run in (Docker)
 * @param dockerImages further images a project may choose; a job naming any other is refused
 *     (bubblewrap runs the host's TeX Live whatever the name)
 * @param dockerHost the Docker engine; default {@code DOCKER_HOST} or the local socket
 * @param dockerUser {@code uid:gid} of compiles in containers
 * @param sandboxBaseUid first uid of this instance's bubblewrap slots; instances on one host need
 *     disjoint ranges (slot uids are checked and cleaned up per uid)
 * @param hostWorkspaceDir the workspaces directory as the Docker host sees it, when the worker
 *     itself runs in a container; default the same path
 * @param directRuns let a recompile that only changed {@code .tex} files run the engine once
 *     without latexmk when latexmk would do the same (ADR 0011); latexmk takes over when needed
 * @param formatCache whether a project's preamble is dumped into a format that later compiles load
 *     instead of running the preamble (pdflatex and latex; see ADR 0008)
 * @param formatCacheSize total size of the formats kept in Redis for other workers; the least
 *     recently used go first
 * @param formatMinCompiles compiles of one preamble without a format before a format is built (1:
 *     right after the first)
 */
@Validated
@ConfigurationProperties("quire.compile")
public record CompileWorkerProperties(
    @Min(0) @DefaultValue("0") int concurrency,
    Path workspacesDir,
    @NotNull @DefaultValue("600s") Duration maxTimeout,
    @NotNull @DefaultValue("24h") Duration stateTtl,
    @NotNull @DefaultValue("2h") Duration resultTtl,
    @NotNull @DefaultValue("7d") Duration auxTtl,
    @NotNull @DefaultValue("200MB") DataSize maxOutput,
    DataSize memory,
    @Min(16) @DefaultValue("256") int maxProcesses,
    @NotNull @DefaultValue("512MB") DataSize maxFileSize,
    @NotNull @DefaultValue("2GB") DataSize maxWorkspace,
    @Min(100) @DefaultValue("20000") int maxWorkspaceFiles,
    @NotNull @DefaultValue("2MB") DataSize maxStdout,
    @DefaultValue("1.0") double cpus,
    @NotNull @DefaultValue("auto") String sandbox,
    @NotNull @DefaultValue("quire/texlive:2024") String dockerImage,
    List<String> dockerImages,
    String dockerHost,
    @NotNull @DefaultValue("1000:1000") String dockerUser,
    Path hostWorkspaceDir,
    @Min(1000) @DefaultValue("60000") int sandboxBaseUid,
    @DefaultValue("true") boolean directRuns,
    @DefaultValue("true") boolean formatCache,
    @NotNull @DefaultValue("512MB") DataSize formatCacheSize,
    @Min(1) @DefaultValue("2") int formatMinCompiles) {

  public CompileWorkerProperties {
    dockerImages = dockerImages == null ? List.of() : List.copyOf(dockerImages);
  }

  /** The images a job may name, the default first. */
  public List<String> allowedImages() {
    return TexImageList.of(dockerImage, dockerImages);
  }

  /** The memory limit of a compile in the sandbox named, {@link #memory} when set. */
  public long memoryBytes(String sandboxName) {
    if (memory != null) {
      return memory.toBytes();
    }
    return "docker".equals(sandboxName)
        ? DataSize.ofGigabytes(1).toBytes()
        : DataSize.ofGigabytes(2).toBytes();
  }

  /** Where project workspaces live: {@link #workspacesDir}, or {@code <dataDir>/workspaces}. */
  public Path workspaces(QuireDataProperties data) {
    Path dir = workspacesDir != null ? workspacesDir : data.dataDir().resolve("workspaces");
    return dir.toAbsolutePath().normalize();
  }

  public int slots() {
    return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
  }
}
