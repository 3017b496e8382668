package io.quire.compile.job;

import io.quire.common.contract.OutputFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a compile leaves for the user. Only regular files are taken: a link the document
 * planted in place of an output is never followed, so it cannot expose a file of the worker.
 */
final class CompileOutputs {
  static final String PDF = LatexmkCommand.JOB_NAME + ".pdf";
  static final String LOG = LatexmkCommand.JOB_NAME + ".log";
  static final String SYNCTEX = LatexmkCommand.JOB_NAME + ".synctex.gz";
  static final String BLG = LatexmkCommand.JOB_NAME + ".blg";
  static final String STDOUT = "output.stdout";

  private static final List<String> COLLECTED = List.of(PDF, LOG, SYNCTEX, BLG);

  /** The collected files and whether the size cap was hit. */
  record Collected(Map<String, byte[]> files, boolean tooLarge) {
    List<OutputFile> describe() {
      List<OutputFile> described = new ArrayList<>();
      files.forEach(
          (name, bytes) -> described.add(new OutputFile(name, bytes.length, contentType(name))));
      return described;
    }
  }

  private CompileOutputs() {}

  static Collected collect(Path sources, String stdout, long maxTotalBytes) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    boolean tooLarge = false;
    try {
      for (String name : COLLECTED) {
        Path file = sources.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        long size = Files.size(file);
        if (total + size > maxTotalBytes) {
          tooLarge = true;
          continue;
        }
        total += size;
        files.put(name, Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot collect outputs in " + sources, e);
    }
    files.put(STDOUT, stdout.getBytes(StandardCharsets.UTF_8));
    return new Collected(files, tooLarge);
  }

  /** Removes the outputs of the previous run so a failed run never shows a stale PDF as new. */
  static void clearPrevious(Path sources) {
    try {
      for (String name : COLLECTED) {
        Path file = sources.resolve(name);
        if (Files.isSymbolicLink(file) || Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear outputs in " + sources, e);
    }
  }

  static String contentType(String name) {
    if (name.endsWith(".pdf")) {
      return "application/pdf";
    }
    if (name.endsWith(".gz")) {
      return "application/gzip";
    }
    return "text/plain; charset=utf-8";
  }
}
