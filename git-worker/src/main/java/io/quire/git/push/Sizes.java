package io.quire.git.push;

import java.util.Locale;

/** Sizes as people read them in a refusal ("256 KB", "300.4 KB"). */
final class Sizes {
  private static final String[] UNITS = {"GB", "MB", "KB"};

  private Sizes() {}

  static String describe(long bytes) {
    for (int i = 0; i < UNITS.length; i++) {
      long unit = 1L << (10 * (UNITS.length - i));
      if (bytes >= unit) {
        return bytes % unit == 0
            ? bytes / unit + " " + UNITS[i]
            : String.format(Locale.ROOT, "%.1f %s", (double) bytes / unit, UNITS[i]);
      }
    }
    return bytes + " bytes";
  }
}
