package io.quire.common.contract;

/** Argument checks for record constructors; failures surface as unreadable messages. */
final class Require {
  private Require() {}

  static String text(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  static <T> T present(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
