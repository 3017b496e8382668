package io.quire.common.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The TeX engines a project can compile with. */
public enum Compiler {
  PDFLATEX("pdflatex"),
  XELATEX("xelatex"),
  LUALATEX("lualatex"),
  /** latex to DVI, then dvipdf. */
  LATEX("latex");

  private final String wireName;

  Compiler(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static Compiler fromWire(String name) {
    String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(c -> c.wireName.equals(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown compiler: " + name));
  }
}
