package io.quire.common.compile.rpc;

import java.util.List;

/**
 * The answer to {@link SynctexForwardRequest}: where the source line appears, most precise first;
 * empty when nothing of that line reached the PDF.
 */
public record PdfBoxes(List<PdfBox> boxes) implements ToolReply {
  public PdfBoxes {
    boxes = boxes == null ? List.of() : List.copyOf(boxes);
  }
}
