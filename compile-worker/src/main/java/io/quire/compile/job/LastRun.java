package io.quire.compile.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * What the last compile of a workspace left, in the worker-owned part of the workspace (the sandbox
 * cannot write it).
 *
 * @param options the options that compile ran with (a different compiler or root needs latexmk)
 * @param settled it ended on its own with exit code 0 and nothing left for latexmk to run
 * @param fallbacks fast-path attempts in a row that changed a generated file and needed latexmk; a
 *     document that never settles in one run stops trying after {@link DirectRun#MAX_FALLBACKS}
 */
record LastRun(String options, boolean settled, int fallbacks) {
  /** In the worker-owned root of a workspace, which the sandbox never sees. */
  static Path file(Path root) {
    return root.resolve("last-run.txt");
  }

  /** Reads the record and removes it: until a run ends on its own, there is none. */
  static LastRun take(Path root) {
    LastRun last = read(root);
    try {
      Files.deleteIfExists(file(root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the last run of " + root, e);
    }
    return last;
  }

  static LastRun read(Path root) {
    Path file = file(root);
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() != 3) {
        return null;
      }
      return new LastRun(
          lines.get(0), Boolean.parseBoolean(lines.get(1)), Integer.parseInt(lines.get(2)));
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  void write(Path root) {
    try {
      Files.writeString(
          file(root), options + "\n" + settled + "\n" + fallbacks + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the last run of " + root, e);
    }
  }
}
