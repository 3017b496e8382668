package io.quire.common.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which queue a compile goes to: interactive work never waits behind background work. */
public enum CompilePriority {
  INTERACTIVE,
  BACKGROUND;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static CompilePriority fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
