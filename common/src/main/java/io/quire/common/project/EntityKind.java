package io.quire.common.project;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a tree entry is. */
public enum EntityKind {
  /** An editable text document, stored in {@code docs}. */
  DOC,
  /** Bytes in the blob store. */
  FILE,
  FOLDER;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
