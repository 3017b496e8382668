package io.quire.common.compile.rpc;

import io.quire.common.project.ProjectPaths;

/** Argument checks of the records here; a failure makes the message unreadable. */
final class Checks {
  private Checks() {}

  static String text(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  static String projectPath(String value, String name) {
    if (!ProjectPaths.isSafe(value)) {
      throw new IllegalArgumentException(name + " is not a project path: " + value);
    }
    return value;
  }

  static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
    }
    return value;
  }

  static double finite(double value, String name) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(name + " must be a non-negative number: " + value);
    }
    return value;
  }
}
