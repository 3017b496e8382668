package io.quire.common.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A line diff of two texts (Myers' algorithm after trimming the common start and end). A text's
 * final newline ends its last line rather than starting an empty one. When the texts differ in more
 * than {@link #MAX_EDIT_DISTANCE} lines, the differing middle is shown as removed and added whole:
 * still correct, just not minimal, and memory stays bounded on huge rewrites.
 */
public final class LineDiff {
  static final int MAX_EDIT_DISTANCE = 2000;

  /** Whether a line is in both texts, only the new one or only the old one. */
  public enum Kind {
    SAME,
    ADDED,
    REMOVED
  }

  /**
   * One line of the diff.
   *
   * @param oldNumber 1-based line number in the old text, 0 for added lines
   * @param newNumber 1-based line number in the new text, 0 for removed lines
   */
  public record Line(Kind kind, String text, int oldNumber, int newNumber) {}

  /** Consecutive changed lines with some unchanged lines around them. */
  public record Hunk(int oldStart, int newStart, List<Line> lines) {}

  private LineDiff() {}

  public static List<String> split(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (text.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** Every line of both texts, in order. */
  public static List<Line> lines(String before, String after) {
    List<String> a = split(before);
    List<String> b = split(after);
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix
        && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < prefix; i++) {
      kinds.add(Kind.SAME);
    }
    kinds.addAll(
        middle(a.subList(prefix, a.size() - suffix), b.subList(prefix, b.size() - suffix)));
    for (int i = 0; i < suffix; i++) {
      kinds.add(Kind.SAME);
    }
    List<Line> lines = new ArrayList<>(kinds.size());
    int x = 0;
    int y = 0;
    for (Kind kind : kinds) {
      switch (kind) {
        case SAME -> {
          lines.add(new Line(kind, a.get(x), x + 1, y + 1));
          x++;
          y++;
        }
        case REMOVED -> {
          lines.add(new Line(kind, a.get(x), x + 1, 0));
          x++;
        }
        case ADDED -> {
          lines.add(new Line(kind, b.get(y), 0, y + 1));
          y++;
        }
      }
    }
    return lines;
  }

  /** Lines added and removed: {@code [added, removed]}. */
  public static int[] count(String before, String after) {
    int added = 0;
    int removed = 0;
    for (Line line : lines(before, after)) {
      if (line.kind() == Kind.ADDED) {
        added++;
      } else if (line.kind() == Kind.REMOVED) {
        removed++;
      }
    }
    return new int[] {added, removed};
  }

  /** The changed lines grouped with up to {@code context} unchanged lines on each side. */
  public static List<Hunk> hunks(List<Line> lines, int context) {
    List<Hunk> hunks = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      if (lines.get(i).kind() == Kind.SAME) {
        i++;
        continue;
      }
      int start = Math.max(0, i - context);
      int end = i;
      // extend while the next change is close enough to share context
      int sameRun = 0;
      int j = i;
      while (j < lines.size() && sameRun <= 2 * context) {
        if (lines.get(j).kind() == Kind.SAME) {
          sameRun++;
        } else {
          sameRun = 0;
          end = j;
        }
        j++;
      }
      int stop = Math.min(lines.size(), end + 1 + context);
      List<Line> hunk = lines.subList(start, stop);
      hunks.add(new Hunk(firstNumber(hunk, true), firstNumber(hunk, false), List.copyOf(hunk)));
      i = stop;
    }
    return hunks;
  }

  private static int firstNumber(List<Line> hunk, boolean old) {
    for (Line line : hunk) {
      int number = old ? line.oldNumber() : line.newNumber();
      if (number > 0) {
        return number;
      }
    }
    return 0;
  }

  /** Myers' shortest edit script between two line lists that differ at both ends. */
  private static List<Kind> middle(List<String> before, List<String> after) {
    Map<String, Integer> ids = new HashMap<>();
    int[] a = before.stream().mapToInt(s -> ids.computeIfAbsent(s, k -> ids.size())).toArray();
    int[] b = after.stream().mapToInt(s -> ids.computeIfAbsent(s, k -> ids.size())).toArray();
    int n = a.length;
    int m = b.length;
    int max = n + m;
    if (max == 0) {
      return List.of();
    }
    int offset = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    int found = -1;
    for (int d = 0; d <= max && found < 0; d++) {
      if (d > MAX_EDIT_DISTANCE) {
        return replaceAll(n, m);
      }
      for (int k = -d; k <= d; k += 2) {
        int x;
        if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
          x = v[offset + k + 1];
        } else {
          x = v[offset + k - 1] + 1;
        }
        int y = x - k;
        while (x < n && y < m && a[x] == b[y]) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) {
          found = d;
          break;
        }
      }
      trace.add(Arrays.copyOfRange(v, offset - d, offset + d + 1));
    }
    List<Kind> reversed = new ArrayList<>();
    int x = n;
    int y = m;
    for (int d = found; d > 0; d--) {
      int[] previous = trace.get(d - 1);
      int k = x - y;
      boolean down = k == -d || (k != d && at(previous, d - 1, k - 1) < at(previous, d - 1, k + 1));
      int previousK = down ? k + 1 : k - 1;
      int previousX = at(previous, d - 1, previousK);
      int previousY = previousX - previousK;
      int snakeStartX = down ? previousX : previousX + 1;
      while (x > snakeStartX) {
        reversed.add(Kind.SAME);
        x--;
        y--;
      }
      if (down) {
        reversed.add(Kind.ADDED);
        y--;
      } else {
        reversed.add(Kind.REMOVED);
        x--;
      }
    }
    while (x > 0 && y > 0) {
      reversed.add(Kind.SAME);
      x--;
      y--;
    }
    Collections.reverse(reversed);
    return reversed;
  }

  private static int at(int[] row, int d, int k) {
    return row[k + d];
  }

  private static List<Kind> replaceAll(int removed, int added) {
    List<Kind> kinds = new ArrayList<>(removed + added);
    for (int i = 0; i < removed; i++) {
      kinds.add(Kind.REMOVED);
    }
    for (int i = 0; i < added; i++) {
      kinds.add(Kind.ADDED);
    }
    return kinds;
  }
}
