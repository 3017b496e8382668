package io.quire.common.collab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A change to a text, in the JSON form of CodeMirror's {@code ChangeSet.toJSON()}: a list whose
 * elements are a number (keep that many characters) or an array {@code [deleted, line...]} (delete
 * that many characters, insert the lines joined by {@code \n}). Lengths count UTF-16 code units, as
 * Java strings and JavaScript do, so both sides agree on every position.
 */
public final class ChangeSet {
  private final List<Part> parts;
  private final int lengthBefore;
  private final int lengthAfter;

  /** Keep {@code length} characters, or replace {@code length} of them by {@code insert}. */
  private record Part(int length, String insert) {
    boolean keeps() {
      return insert == null;
    }
  }

  private ChangeSet(List<Part> parts) {
    this.parts = List.copyOf(parts);
    int before = 0;
    int after = 0;
    for (Part part : parts) {
      before += part.length();
      after += part.keeps() ? part.length() : part.insert().length();
    }
    this.lengthBefore = before;
    this.lengthAfter = after;
  }

  /**
   * Reads the JSON form, as decoded by Jackson or BSON (numbers, lists and strings).
   *
   * @throws IllegalArgumentException when it is not a change set
   */
  public static ChangeSet fromJson(Object json) {
    if (!(json instanceof List<?> elements)) {
      throw new IllegalArgumentException("changes must be a JSON array");
    }
    List<Part> parts = new ArrayList<>();
    for (Object element : elements) {
      if (element instanceof Number number) {
        parts.add(new Part(length(number), null));
      } else if (element instanceof List<?> replace
          && !replace.isEmpty()
          && replace.get(0) instanceof Number deleted) {
        StringBuilder inserted = new StringBuilder();
        for (int i = 1; i < replace.size(); i++) {
          if (!(replace.get(i) instanceof String line)) {
            throw new IllegalArgumentException("inserted lines must be strings");
          }
          if (i > 1) {
            inserted.append('\n');
          }
          inserted.append(line);
        }
        parts.add(new Part(length(deleted), inserted.toString()));
      } else {
        throw new IllegalArgumentException(
            "a change is a number or an array [deletedLength, insertedLine...]");
      }
    }
    return new ChangeSet(parts);
  }

  private static int length(Number number) {
    long value = number.longValue();
    if (value < 0 || value > Integer.MAX_VALUE || number.doubleValue() != value) {
      throw new IllegalArgumentException("lengths must be non-negative integers");
    }
    return (int) value;
  }

  /**
   * The smallest single replacement that turns {@code before} into {@code after}: the common start
   * and end are kept. Never splits a surrogate pair.
   */
  public static ChangeSet diff(String before, String after) {
    int max = Math.min(before.length(), after.length());
    int prefix = 0;
    while (prefix < max && before.charAt(prefix) == after.charAt(prefix)) {
      prefix++;
    }
    if (prefix > 0 && prefix < max && Character.isHighSurrogate(before.charAt(prefix - 1))) {
      prefix--;
    }
    int suffix = 0;
    while (suffix < max - prefix
        && before.charAt(before.length() - 1 - suffix)
            == after.charAt(after.length() - 1 - suffix)) {
      suffix++;
    }
    if (suffix > 0
        && suffix < max - prefix
        && Character.isLowSurrogate(before.charAt(before.length() - suffix))) {
      suffix--;
    }
    List<Part> parts = new ArrayList<>();
    if (prefix > 0) {
      parts.add(new Part(prefix, null));
    }
    int deleted = before.length() - prefix - suffix;
    String inserted = after.substring(prefix, after.length() - suffix);
    if (deleted > 0 || !inserted.isEmpty()) {
      parts.add(new Part(deleted, inserted));
    }
    if (suffix > 0) {
      parts.add(new Part(suffix, null));
    }
    return new ChangeSet(parts);
  }

  /** Whether applying this changes nothing. */
  public boolean isEmpty() {
    return parts.stream().allMatch(Part::keeps);
  }

  /** The length of the text this applies to. */
  public int lengthBefore() {
    return lengthBefore;
  }

  public int lengthAfter() {
    return lengthAfter;
  }

  /**
   * Applies this to a text.
   *
   * @throws IllegalArgumentException when the text's length is not {@link #lengthBefore()}
   */
  public String apply(String text) {
    if (text.length() != lengthBefore) {
      throw new IllegalArgumentException(
          "the changes apply to a text of "
              + lengthBefore
              + " characters, the document has "
              + text.length());
    }
    StringBuilder result = new StringBuilder(lengthAfter);
    int position = 0;
    for (Part part : parts) {
      if (part.keeps()) {
        result.append(text, position, position + part.length());
      } else {
        result.append(part.insert());
      }
      position += part.length();
    }
    return result.toString();
  }

  /** The JSON form: numbers and lists of a number and strings. */
  public List<Object> toJson() {
    List<Object> json = new ArrayList<>();
    for (Part part : parts) {
      if (part.keeps()) {
        json.add(part.length());
      } else if (part.insert().isEmpty()) {
        json.add(List.of(part.length()));
      } else {
        List<Object> replace = new ArrayList<>();
        replace.add(part.length());
        replace.addAll(Arrays.asList(part.insert().split("\n", -1)));
        json.add(replace);
      }
    }
    return json;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChangeSet that && toJson().equals(that.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "ChangeSet" + toJson();
  }
}
