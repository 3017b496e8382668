package io.quire.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** What the benchmarks share: percentiles of measured durations and filler text for documents. */
final class BenchFigures {
  private static final String[] WORDS = {
    "theorem",
    "lemma",
    "proof",
    "manifold",
    "the",
    "of",
    "and",
    "a",
    "is",
    "we",
    "show",
    "that",
    "every",
    "bounded",
    "sequence",
    "converges",
    "$x_n$",
    "\\emph{compact}",
    "space",
    "map"
  };

  private BenchFigures() {}

  /** The nearest-rank percentile of durations in nanoseconds, in milliseconds; NaN when none. */
  static double percentileMillis(Collection<Long> nanos, int percentile) {
    List<Long> sorted = new ArrayList<>(nanos);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
  }

  /**
   * Prints a benchmark's figures under a heading that names the machine's cores ({@code ./quire
   * bench} shows what follows the {@code === Quire} line).
   */
  static void print(String what, List<String> rows) {
    System.out.println();
    System.out.println(
        "=== Quire " + what + ", " + Runtime.getRuntime().availableProcessors() + " cores) ===");
    rows.forEach(System.out::println);
  }

  /** A random mathematical-sounding word, for filler text. */
  static String word(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }
}
