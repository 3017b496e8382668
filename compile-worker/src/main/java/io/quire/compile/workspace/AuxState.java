package io.quire.compile.workspace;

import io.quire.common.project.ProjectPaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The generated files that make the next compile warm (cross references, bibliography, tables of
 * contents, latexmk's own database), packed so another worker can start where this one stopped.
 */
public final class AuxState {
  private static final Set<String> EXTENSIONS =
      Set.of(
          "aux",
          "bbl",
          "blg",
          "bcf",
          "toc",
          "lof",
          "lot",
          "out",
          "idx",
          "ind",
          "ilg",
          "nav",
          "snm",
          "vrb",
          "glo",
          "gls",
          "glg",
          "ist",
          "acn",
          "acr",
          "alg",
          "fls",
          "fdb_latexmk",
          "xml",
          "loa",
          "lol",
          "thm",
          "brf",
          "mtc",
          "maf",
          "ptc",
          "xdy",
          "run");
  private static final long MAX_FILE_BYTES = 16L << 20;
  private static final long MAX_TOTAL_BYTES = 32L << 20;
  private static final int MAX_FILES = 2000;

  private AuxState() {}

  /**
   * A packed aux state.
   *
   * @param complete every aux file made it in (none was over the size or count limits)
   */
  public record Packed(byte[] archive, boolean complete) {}

  /** Packs the aux files under {@code sources} that are not project files. */
  public static Packed packState(Path sources, Set<String> projectFiles) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long total = 0;
    int count = 0;
    boolean complete = true;
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.toList()) {
        String relative = sources.relativize(file).toString().replace('\\', '/');
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            || projectFiles.contains(relative)
            || !isAux(relative)
            || !ProjectPaths.isSafe(relative)) {
          continue;
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES || total + size > MAX_TOTAL_BYTES || ++count > MAX_FILES) {
          complete = false;
          continue;
        }
        total += size;
        zip.putNextEntry(new ZipEntry(relative));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack aux state of " + sources, e);
    }
    return new Packed(bytes.toByteArray(), complete);
  }

  /** Unpacks into a fresh workspace; never over a project file, never outside {@code sources}. */
  public static int restore(byte[] archive, Path sources, Set<String> projectFiles) {
    int restored = 0;
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        String name = entry.getName();
        if (entry.isDirectory()
            || !ProjectPaths.isSafe(name)
            || !isAux(name)
            || projectFiles.contains(name)) {
          continue;
        }
        byte[] content = zip.readNBytes((int) MAX_FILE_BYTES + 1);
        total += content.length;
        if (content.length > MAX_FILE_BYTES || total > MAX_TOTAL_BYTES) {
          break;
        }
        Path target = ProjectPaths.resolve(sources, name);
        Files.createDirectories(target.getParent());
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.write(target, content);
          restored++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore aux state into " + sources, e);
    }
    return restored;
  }

  static boolean isAux(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.startsWith(".")) {
      return false;
    }
    int dot = name.indexOf('.');
    if (dot < 0) {
      return false;
    }
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return EXTENSIONS.contains(extension) || name.endsWith(".run.xml");
  }
}
