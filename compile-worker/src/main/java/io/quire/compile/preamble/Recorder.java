package io.quire.compile.preamble;

import io.quire.common.project.ProjectPaths;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads TeX's {@code -recorder} file list ({@code .fls}) of a format build: the workspace files the
 * preamble read, and any file it wrote besides the format and its log.
 *
 * @param inputs workspace-relative paths read, without the root file and TeX's own caches
 * @param unexpectedOutputs files written other than {@code expectedOutputs}
 * @param unsafe paths that leave the workspace by {@code ..}
 */
public record Recorder(Set<String> inputs, Set<String> unexpectedOutputs, Set<String> unsafe) {
  private static final String MOUNT = "/compile/";

  /** Directories of TeX's and Quire's own files in the workspace, never project inputs. */
  private static final List<String> OWN_DIRS = List.of(".texmf-var/", FormatFiles.DIR + "/");

  public static Recorder parse(String fls, String rootPath, Set<String> expectedOutputs) {
    SortedSet<String> inputs = new TreeSet<>();
    SortedSet<String> outputs = new TreeSet<>();
    SortedSet<String> unsafe = new TreeSet<>();
    for (String line : fls.split("\r?\n")) {
      boolean input = line.startsWith("INPUT ");
      boolean output = line.startsWith("OUTPUT ");
      if (!input && !output) {
        continue;
      }
      String path = line.substring(input ? 6 : 7);
      if (path.startsWith("/")) {
        if (!path.startsWith(MOUNT)) {
          if (output) {
            outputs.add(path);
          }
          continue; // the distribution: covered by the TeX identity in the key
        }
        path = path.substring(MOUNT.length());
      }
      while (path.startsWith("./")) {
        path = path.substring(2);
      }
      if (output) {
        if (!expectedOutputs.contains(path)) {
          outputs.add(path);
        }
        continue;
      }
      if (!ProjectPaths.isSafe(path)) {
        unsafe.add(path);
        continue;
      }
      if (path.equals(rootPath) || OWN_DIRS.stream().anyMatch(path::startsWith)) {
        continue;
      }
      inputs.add(path);
    }
    return new Recorder(
        Collections.unmodifiableSortedSet(inputs),
        Collections.unmodifiableSortedSet(outputs),
        Collections.unmodifiableSortedSet(unsafe));
  }
}
