package io.quire.compile.preamble;

import io.quire.compile.workspace.Workspace;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a workspace keeps its format: the format file under {@link #DIR} in the sources (where TeX
 * in the sandbox can load it), its {@link FormatRecord} in the worker-owned root next to them, and
 * the dump's scratch directory {@link #BUILD_DIR}. Every write replaces atomically and never goes
 * through a link the sandbox planted.
 */
public final class FormatFiles {
  private static final Logger LOG = LoggerFactory.getLogger(FormatFiles.class);

  /** The workspace directory of formats; project files under it turn the cache off. */
  public static final String DIR = ".quire-formats";

  /** Where a dump and its probes write, below {@link #DIR}. */
  static final String BUILD_DIR = DIR + "/build";

  /** The job name of dumps and probes. */
  static final String JOB_NAME = "output";

  private static final String RECORD_FILE = "format.json";

  private final JsonMapper json;

  public FormatFiles(JsonMapper json) {
    this.json = json;
  }

  /** The name TeX loads the format of {@code key} by (relative to the sources, no extension). */
  static String formatName(String key) {
    return DIR + "/" + key;
  }

  /** The record of the format this workspace holds, if there is a readable one. */
  Optional<FormatRecord> localRecord(Workspace workspace) {
    Path file = workspace.root().resolve(RECORD_FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), FormatRecord.class));
    } catch (RuntimeException e) {
      LOG.warn("Unreadable format record {}; ignoring it", file, e);
      return Optional.empty();
    }
  }

  /** Whether the format file of {@code record} is in place, a plain file of the recorded size. */
  static boolean formatFileMatches(Workspace workspace, FormatRecord record) throws IOException {
    Path sources = workspace.sources();
    Path file = sources.resolve(formatName(record.key()) + ".fmt");
    return SafeFiles.isRealDirectory(sources.resolve(DIR))
        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        && Files.size(file) == record.size();
  }

  /** Installs a format fetched from elsewhere (another worker's, through Redis) and its record. */
  void install(Workspace workspace, FormatRecord record, byte[] format) throws IOException {
    Path sources = workspace.sources();
    Path dir = SafeFiles.realDirectory(sources, DIR);
    Path temp = Files.createTempFile(dir, ".download-", ".tmp");
    try {
      Files.write(temp, format);
      Files.move(
          temp,
          sources.resolve(formatName(record.key()) + ".fmt"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    removeOtherFormats(sources, record.key());
    writeLocalRecord(workspace.root(), record);
  }

  /**
   * Puts a format just dumped in the build directory in place of any other, with its record.
   *
   * @return the installed format file
   */
  Path place(Workspace workspace, Path built, FormatRecord record) throws IOException {
    Path sources = workspace.sources();
    Path target = sources.resolve(formatName(record.key()) + ".fmt");
    Files.move(built, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    removeOtherFormats(sources, record.key());
    writeLocalRecord(workspace.root(), record);
    return target;
  }

  private void writeLocalRecord(Path root, FormatRecord record) throws IOException {
    Path temp = Files.createTempFile(root, ".format-", ".tmp");
    try {
      Files.writeString(temp, json.writeValueAsString(record));
      Files.move(
          temp,
          root.resolve(RECORD_FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** An empty build directory, a real one (whatever the sandbox put there before). */
  static Path prepareBuildDir(Path sources) throws IOException {
    SafeFiles.realDirectory(sources, DIR);
    Path build = SafeFiles.realDirectory(sources, BUILD_DIR);
    clearBuildDir(sources);
    return build;
  }

  /** Empties the build directory, if it is a real one; never follows a link. */
  static void clearBuildDir(Path sources) throws IOException {
    Path build = sources.resolve(BUILD_DIR);
    if (!SafeFiles.isRealDirectory(sources.resolve(DIR)) || !SafeFiles.isRealDirectory(build)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(build)) {
      for (Path entry : entries) {
        SafeFiles.delete(entry);
      }
    }
  }

  private static void removeOtherFormats(Path sources, String key) throws IOException {
    Path dir = sources.resolve(DIR);
    if (!SafeFiles.isRealDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.fmt")) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().equals(key + ".fmt")) {
          SafeFiles.delete(entry);
        }
      }
    }
  }
}
