package io.quire.common.project;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a collaborator may do; ordered from least to most. */
public enum Access {
  READ_ONLY("readOnly"),
  READ_WRITE("readWrite"),
  OWNER("owner");

  private final String wireName;

  Access(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static Access fromWire(String name) {
    for (Access access : values()) {
      if (access.wireName.equals(name)) {
        return access;
      }
    }
    throw new IllegalArgumentException("unknown access: " + name + " (readOnly, readWrite)");
  }

  public boolean allows(Access needed) {
    return compareTo(needed) >= 0;
  }
}
