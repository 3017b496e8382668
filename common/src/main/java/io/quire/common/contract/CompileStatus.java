package io.quire.common.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a compile ended (or where it is). */
public enum CompileStatus {
  QUEUED,
  RUNNING,
  SUCCESS,
  /** LaTeX errors; a PDF may still exist. */
  FAILURE,
  TIMEDOUT,
  /** Stopped by the user. */
  TERMINATED,
  TOO_LARGE,
  /** Our fault, not the document's. */
  ERROR;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static CompileStatus fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }
}
