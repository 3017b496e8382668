package io.quire.common.compile.rpc;

import java.util.Arrays;
import java.util.Optional;

/**
 * Logical wire names of the requests and replies. Renaming a record never changes its wire name;
 * changing a layout incompatibly needs a new schema version (see {@link ToolCodec}).
 */
public enum ToolMessageType {
  SYNCTEX_FORWARD("synctex.forward", SynctexForwardRequest.class),
  SYNCTEX_INVERSE("synctex.inverse", SynctexInverseRequest.class),
  WORD_COUNT("wordcount", WordCountRequest.class),
  CHKTEX("chktex", ChktexRequest.class),
  PDF_BOXES("synctex.boxes", PdfBoxes.class),
  SOURCE_POSITION("synctex.position", SourcePosition.class),
  WORD_COUNT_RESULT("wordcount.result", WordCount.class),
  CHKTEX_REPORT("chktex.report", ChktexReport.class),
  FAILURE("failure", ToolFailure.class);

  private final String typeName;
  private final Class<?> recordClass;

  ToolMessageType(String typeName, Class<?> recordClass) {
    this.typeName = typeName;
    this.recordClass = recordClass;
  }

  public String typeName() {
    return typeName;
  }

  public Class<?> recordClass() {
    return recordClass;
  }

  public static Optional<ToolMessageType> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.typeName.equals(name)).findFirst();
  }

  public static ToolMessageType of(Class<?> recordClass) {
    return Arrays.stream(values())
        .filter(t -> t.recordClass == recordClass)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a tool message: " + recordClass));
  }
}
