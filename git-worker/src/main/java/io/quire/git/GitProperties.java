package io.quire.git;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of git-worker ({@code quire.git.*}).
 *
 * @param repoDir where the bare repositories live ({@code QUIRE_GIT_REPO_DIR}); blank means {@code
 *     <dataDir>/git}
 * @param maxFileSize largest file a push may contain
 * @param maxFiles most files a pushed tree may contain
 * @param maxPackSize largest pack a push may send
 * @param maxDocSize largest text file that becomes an editable document (larger: a binary file)
 * @param lockWait how long a request waits for another one on the same project
 * @param syncConcurrency parallel consumers of {@code git.sync} jobs
 * @param gcInterval how often every repository is garbage-collected
 */
@Validated
@ConfigurationProperties("quire.git")
public record GitProperties(
    String repoDir,
    @NotNull @DefaultValue("50MB") DataSize maxFileSize,
    @Min(1) @DefaultValue("2000") int maxFiles,
    @NotNull @DefaultValue("300MB") DataSize maxPackSize,
    @NotNull @DefaultValue("2MB") DataSize maxDocSize,
    @NotNull @DefaultValue("60s") Duration lockWait,
    @Min(1) @DefaultValue("2") int syncConcurrency,
    @NotNull @DefaultValue("6h") Duration gcInterval) {

  /** The repository directory, resolved against the data directory when not set. */
  public Path repositoryRoot(Path dataDir) {
    return repoDir == null || repoDir.isBlank()
        ? dataDir.resolve("git").toAbsolutePath()
        : Path.of(repoDir).toAbsolutePath();
  }
}
