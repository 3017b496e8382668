package io.quire.common.blob;

import java.util.regex.Pattern;

/** The names a {@link BlobStore} accepts for areas and named objects. */
final class ObjectNames {
  private static final Pattern AREA = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private ObjectNames() {}

  /** Content-addressed blobs live under this name; no area may take it. */
  static final String BLOBS = "blobs";

  static void check(String area, String name) {
    if (area == null || !AREA.matcher(area).matches() || area.equals(BLOBS)) {
      throw new IllegalArgumentException("not a blob area: " + area);
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a blob name: " + name);
    }
  }
}
